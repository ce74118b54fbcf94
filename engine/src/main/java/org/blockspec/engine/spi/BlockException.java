package org.blockspec.engine.spi;

/**
 * A refused control operation (open, permission change, reopen) with QEMU's error text.
 * The text is what QMP puts in {@code desc} of a GenericError. Stable SPI.
 */
public class BlockException extends Exception {
    private static final long serialVersionUID = 1L;

    public BlockException(String message) {
        super(message, null, false, false);
    }

    public BlockException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
