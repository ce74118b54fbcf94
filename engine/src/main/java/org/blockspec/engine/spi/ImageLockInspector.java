package org.blockspec.engine.spi;

import java.util.ServiceLoader;

/**
 * Reads the image locks on a file the way another process (another QEMU, qemu-img) meets
 * them: which permission bytes anybody has locked, this process included. The file driver
 * provides it; tools and assertions find it through {@link ServiceLoader}. Stable SPI.
 */
public interface ImageLockInspector {
    ImageLockState inspect(String filename) throws BlockException;

    /** The inspector on the class path of {@code loader}. */
    static ImageLockInspector load(ClassLoader loader) {
        return ServiceLoader.load(ImageLockInspector.class, loader).findFirst().orElseThrow(
                () -> new IllegalStateException("no ImageLockInspector on the class path (the drivers module has it)"));
    }
}
