package org.blockspec.dsl.cli.img;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code blockspec img}: qemu-img on the embedded engine, with qemu-img's options, output and exit codes. */
@Command(name = "img", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 1,
        description = {"Image tool compatible with qemu-img 7.2.",
                "Messages start with 'blockspec img:' where qemu-img's start with 'qemu-img:'."},
        subcommands = {ImgCreate.class, ImgInfo.class, ImgCheck.class, ImgMap.class, ImgCompare.class, ImgConvert.class,
                ImgResize.class, ImgCommit.class, ImgRebase.class})
public final class ImgTool implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
