package org.blockspec.engine.qmp.hmp;

import java.util.function.Consumer;

import org.blockspec.engine.Engine;
import org.blockspec.engine.spi.BlockException;

/**
 * The human monitor's block-layer commands: {@code qemu-io}, {@code info block} and
 * {@code info blockstats}. Lines go to {@code monitor} without line ends.
 */
public final class HumanMonitor {
    private HumanMonitor() {
    }

    public static void run(Engine engine, String commandLine, Consumer<String> monitor) throws BlockException {
        HmpLine line = new HmpLine(commandLine);
        String name = line.commandName();
        if (name == null) return;
        try {
            switch (name) {
                case "qemu-io" -> QemuIoHmp.run(engine, line.arguments(name, QemuIoHmp.ARGS), monitor);
                case "info" -> info(engine, line, monitor);
                default -> monitor.accept("unknown command: '" + line.quoted() + "'");
            }
        } catch (HmpFailure f) {
            f.lines().forEach(monitor);
        }
    }

    private static void info(Engine engine, HmpLine line, Consumer<String> monitor) throws HmpFailure {
        String item = line.commandName();
        if (item == null) {
            monitor.accept("info block [-n] [-v] [device] -- show info of one block device or all block devices "
                    + "(-n: show named nodes; -v: show details)");
            monitor.accept("info blockstats  -- show block device statistics");
            return;
        }
        switch (item) {
            case "block" -> InfoBlockHmp.run(engine, line.arguments(item, InfoBlockHmp.ARGS), monitor);
            // Statistics are listed per named BlockBackend (legacy -drive); blockspec has none.
            case "blockstats" -> line.arguments(item, "");
            default -> monitor.accept("unknown command: '" + line.quoted() + "'");
        }
    }
}
