package org.blockspec.engine.spi;

/**
 * A refused control operation (open, permission change, reopen) with QEMU's error text.
 * The text is what QMP puts in {@code desc} of a GenericError. A hint (QEMU's
 * error_append_hint) is advice for people: command-line tools print it on the next line,
 * QMP never shows it. Stable SPI.
 */
public class BlockException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String hint;

    public BlockException(String message) {
        this(message, (String) null);
    }

    public BlockException(String message, String hint) {
        super(message, null, false, false);
        this.hint = hint;
    }

    public BlockException(String message, Throwable cause) {
        super(message, cause, false, false);
        this.hint = null;
    }

    /** The advice QEMU's tools print below the message, without a final newline; null if none. */
    public String hint() {
        return hint;
    }
}
