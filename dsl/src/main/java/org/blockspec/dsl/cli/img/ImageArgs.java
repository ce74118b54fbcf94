package org.blockspec.dsl.cli.img;

import picocli.CommandLine.Option;

/** The options most subcommands share, as qemu-img spells them: -f, -U, --output, -q. */
final class ImageArgs {
    @Option(names = "-f", paramLabel = "FMT", description = "Image format (default: probed).")
    String format;

    @Option(names = {"-U", "--force-share"}, description = "Open with force-share=on.")
    boolean forceShare;

    @Option(names = "--output", paramLabel = "FMT", description = "human (default) or json.")
    String output = "human";

    @Option(names = "-q", description = "Quiet.")
    boolean quiet;

    boolean json() throws ImgSession.Failure {
        return switch (output) {
            case "json" -> true;
            case "human" -> false;
            default -> throw new ImgSession.Failure("--output must be used with human or json as argument.");
        };
    }
}
