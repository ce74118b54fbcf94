package org.blockspec.engine.spi;

/**
 * What all processes together publish on an image file under QEMU's locking scheme: the
 * permissions someone holds (bytes 100 + bit) and those someone does not share (200 + bit).
 * Stable SPI.
 */
public record ImageLockState(PermSet held, PermSet unshared) {
    public static final ImageLockState UNLOCKED = new ImageLockState(PermSet.NONE, PermSet.NONE);

    public ImageLockState {
        if (held == null || unshared == null) throw new NullPointerException("held/unshared");
    }

    /** In words: {@code holds: consistent read, write; does not share: write}. */
    public String describe() {
        return "holds: " + words(held) + "; does not share: " + words(unshared);
    }

    private static String words(PermSet s) {
        return s.isEmpty() ? "nothing" : s.describe();
    }

    @Override
    public String toString() {
        return describe();
    }
}
