package org.blockspec.dsl.cli.img;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.blockspec.engine.image.CreateOptions;
import org.blockspec.engine.image.ImageCreator;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;

/** qemu-img create: a new image, printing QEMU's "Formatting" line. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Creates an image (qemu-img create [-q] [-f fmt] [-b backing_file [-F backing_fmt]] [-u] "
                + "[-o options] filename [size]).")
final class ImgCreate implements Callable<Integer> {
    @Option(names = "-f", paramLabel = "FMT", description = "Image format (default: raw).")
    String format = "raw";

    @Option(names = "-b", paramLabel = "BACKING_FILE", description = "Backing file, relative to the new image.")
    String backing;

    @Option(names = "-F", paramLabel = "BACKING_FMT", description = "Format of the backing file.")
    String backingFormat;

    @Option(names = "-u", description = "Do not open the backing file (needs -F and a size).")
    boolean unsafe;

    @Option(names = "-o", paramLabel = "OPTIONS", description = "Format options, key=value,... ('-o help' lists them).")
    List<String> options = new ArrayList<>();

    @Option(names = "-q", description = "Quiet: no 'Formatting' line.")
    boolean quiet;

    @Parameters(paramLabel = "ARG", arity = "0..2", description = "filename [size]")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return ImgSession.run(s -> {
            String opts = null;
            for (String o : options) {
                if (!CreateOptions.validList(o)) throw new ImgSession.Failure("Invalid option list: " + o);
                opts = opts == null ? o : opts + "," + o;
            }
            String filename = args.isEmpty() ? null : args.get(0);
            if (opts != null && CreateOptions.asksForHelp(opts)) return printHelp(s, filename);
            if (filename == null) throw new ImgSession.Failure("Expecting image file name");
            long size = -1;
            if (args.size() > 1) {
                size = SizeArgument.parse(args.get(1));
                if (size < 0) {
                    s.error("Invalid image size specified. You may use k, M, G, T, P or E suffixes for");
                    s.error("kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.");
                    return 1;
                }
            }
            try {
                ImageCreator.create(s.engine, new ImageCreator.Request(filename, format, size, opts, backing,
                        backingFormat, unsafe, quiet), s.out);
            } catch (BlockException e) {
                throw new ImgSession.Failure(filename + ": " + e.getMessage());
            }
            return 0;
        });
    }

    private int printHelp(ImgSession s, String filename) throws ImgSession.Failure {
        BlockDriverFactory f = s.engine.drivers().get(format);
        if (f == null) throw new ImgSession.Failure("Unknown file format '" + format + "'");
        List<org.blockspec.engine.spi.CreateOption> all = new ArrayList<>(f.createOptions());
        if (filename != null) {
            for (var p : s.engine.drivers().get("file").createOptions()) {
                if (all.stream().noneMatch(o -> o.name().equals(p.name()))) all.add(p);
            }
        }
        s.out.println("Supported " + format + " options:");
        s.out.print(CreateOptions.help(all));
        if (filename == null) {
            s.out.println();
            s.out.println("The protocol level may support further options.");
            s.out.println("Specify the target filename to include those options.");
        }
        return 0;
    }
}
