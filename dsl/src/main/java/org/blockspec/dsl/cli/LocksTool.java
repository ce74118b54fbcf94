package org.blockspec.dsl.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.ImageLockInspector;

/**
 * Shows the image locks on a file in words: which permissions some process holds (bytes
 * 100 + bit) and which some process does not share (200 + bit), whoever took them, QEMU
 * included. Touches nothing: it only tests the bytes from a descriptor of its own.
 */
@Command(name = "locks", mixinStandardHelpOptions = true,
        description = {"Shows which permissions are held or not shared on an image file, by any process.",
                "Example: blockspec locks disk.img",
                "  -> holds: consistent read, write; does not share: write"})
final class LocksTool implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Image file.")
    String file;

    @Override
    public Integer call() {
        try {
            System.out.println(ImageLockInspector.load(LocksTool.class.getClassLoader()).inspect(file).describe());
            return 0;
        } catch (BlockException e) {
            System.err.println("blockspec locks: " + e.getMessage());
            return 1;
        }
    }
}
