package org.blockspec.dsl.cli.img;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;

/** qemu-img resize: a new virtual size, absolute or relative; shrinking only with --shrink. */
@Command(name = "resize", mixinStandardHelpOptions = true,
        description = "Resizes an image (qemu-img resize [-f fmt] [-q] [--shrink] filename [+ | -]size).")
final class ImgResize implements Callable<Integer> {
    @Option(names = "-f", paramLabel = "FMT", description = "Image format (default: probed).")
    String format;

    @Option(names = "--shrink", description = "Allow making the image smaller.")
    boolean shrink;

    @Option(names = "-q", description = "Quiet.")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "FILENAME")
    String filename;

    @Parameters(index = "1", paramLabel = "[+|-]SIZE")
    String size;

    @Override
    public Integer call() {
        return ImgSession.run(s -> {
            int sign = size.startsWith("+") ? 1 : size.startsWith("-") ? -1 : 0;
            long amount = SizeArgument.parse(sign == 0 ? size : size.substring(1));
            if (amount < 0) {
                throw new ImgSession.Failure("Parameter 'size' expects a non-negative number below 2^64\n"
                        + "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\n"
                        + "and exabytes, respectively.\n");
            }
            BlockBackend b = s.open(ImgSession.request(filename, format, true, false), true);
            BlockNode n = b.node();
            BackendOps.setPerms(s.engine.graph(), b,
                    new Perms(PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE, Perm.RESIZE), PermSet.ALL));
            long current = NodeIo.length(n);
            long target = sign == 0 ? amount : current + sign * amount;
            if (target <= 0) throw new ImgSession.Failure("New image size must be positive");
            if (target < current && !shrink) {
                s.error("Use the --shrink option to perform a shrink operation.");
                s.engine.warn("Shrinking an image will delete all data beyond the shrunken image's end. Before "
                        + "performing such an operation, make sure there is no important data there.");
                return 1;
            }
            b.truncate(target);
            if (!quiet) s.out.println("Image resized.");
            return 0;
        });
    }
}
