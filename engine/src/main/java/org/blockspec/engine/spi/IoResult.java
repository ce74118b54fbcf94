package org.blockspec.engine.spi;

/**
 * Outcome of one I/O request: success, or the errno a guest would see. Expected failures
 * (EIO from a device, ENOSPC from a bounded node) travel as values, not exceptions. Stable SPI.
 */
public record IoResult(Errno error) {
    public static final IoResult OK = new IoResult(null);

    public static IoResult fail(Errno e) {
        return new IoResult(e);
    }

    public boolean ok() { return error == null; }

    @Override
    public String toString() {
        return ok() ? "OK" : error.name();
    }
}
