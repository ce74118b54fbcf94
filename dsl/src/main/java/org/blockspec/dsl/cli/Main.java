package org.blockspec.dsl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.blockspec.engine.Engine;

/** The {@code blockspec} command: one subcommand per tool. */
@Command(name = "blockspec", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Block-layer scenarios on an embedded engine that behaves like QEMU 7.2's block layer.",
        subcommands = {RunTool.class, CheckTool.class, StepsTool.class, ReportTool.class, CoverageTool.class, DocTool.class,
                ExportIotestTool.class, QmpTool.class, DaemonTool.class, IoTool.class, LocksTool.class,
                org.blockspec.dsl.cli.img.ImgTool.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).setOverwrittenOptionsAllowed(true)
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            return new String[] {"blockspec " + Engine.VERSION + " (block layer of QEMU " + Engine.QEMU_MAJOR + "."
                    + Engine.QEMU_MINOR + ")"};
        }
    }
}
