package org.blockspec.engine.qmp;

import java.util.ArrayList;
import java.util.List;

import org.blockspec.engine.job.commit.BlockCommitCommand;
import org.blockspec.engine.job.mirror.BlockdevMirrorCommand;
import org.blockspec.engine.job.mirror.DriveMirrorCommand;
import org.blockspec.engine.qmp.command.BlockExportAddCommand;
import org.blockspec.engine.qmp.command.BlockExportDelCommand;
import org.blockspec.engine.qmp.command.BlockResizeCommand;
import org.blockspec.engine.qmp.command.BlockdevAddCommand;
import org.blockspec.engine.qmp.command.BlockdevReopenCommand;
import org.blockspec.engine.qmp.command.BlockdevSnapshotCommand;
import org.blockspec.engine.qmp.command.BlockdevSnapshotSyncCommand;
import org.blockspec.engine.qmp.command.BlockdevDelCommand;
import org.blockspec.engine.qmp.command.DeviceAddCommand;
import org.blockspec.engine.qmp.command.DeviceDelCommand;
import org.blockspec.engine.qmp.command.HumanMonitorCommand;
import org.blockspec.engine.qmp.command.JobVerbCommand;
import org.blockspec.engine.qmp.command.NbdServerAddCommand;
import org.blockspec.engine.qmp.command.NbdServerRemoveCommand;
import org.blockspec.engine.qmp.command.NbdServerStartCommand;
import org.blockspec.engine.qmp.command.NbdServerStopCommand;
import org.blockspec.engine.qmp.command.ObjectAddCommand;
import org.blockspec.engine.qmp.command.ObjectDelCommand;
import org.blockspec.engine.qmp.command.QomGetCommand;
import org.blockspec.engine.qmp.command.QomListCommand;
import org.blockspec.engine.qmp.command.QomSetCommand;
import org.blockspec.engine.qmp.command.QmpCapabilitiesCommand;
import org.blockspec.engine.qmp.command.QueryBlockCommand;
import org.blockspec.engine.qmp.command.QueryBlockExportsCommand;
import org.blockspec.engine.qmp.command.QueryBlockJobsCommand;
import org.blockspec.engine.qmp.command.QueryJobsCommand;
import org.blockspec.engine.qmp.command.QueryCommandsCommand;
import org.blockspec.engine.qmp.command.QueryNamedBlockNodesCommand;
import org.blockspec.engine.qmp.command.QueryVersionCommand;
import org.blockspec.engine.qmp.command.QuitCommand;
import org.blockspec.engine.qmp.command.TransactionCommand;
import org.blockspec.engine.qmp.command.XBlockdevChangeCommand;
import org.blockspec.engine.qmp.command.XBlockdevInsertNodeCommand;
import org.blockspec.engine.qmp.command.XBlockdevRemoveNodeCommand;
import org.blockspec.engine.qmp.command.XDebugQueryBlockGraphCommand;

/** The command table: every QMP command the engine answers, one class each under command/. */
public final class QmpCommands {
    private QmpCommands() {
    }

    public static List<QmpCommand> all() {
        List<QmpCommand> all = new ArrayList<>(List.of(
                new QmpCapabilitiesCommand(),
                new QueryVersionCommand(),
                new QueryCommandsCommand(),
                new QuitCommand(),
                new BlockdevAddCommand(),
                new BlockdevDelCommand(),
                new QueryNamedBlockNodesCommand(),
                new XDebugQueryBlockGraphCommand(),
                new QueryBlockCommand(),
                new BlockResizeCommand(),
                new DeviceAddCommand(),
                new DeviceDelCommand(),
                new HumanMonitorCommand(),
                new NbdServerStartCommand(),
                new NbdServerStopCommand(),
                new BlockExportAddCommand(),
                new BlockExportDelCommand(),
                new QueryBlockExportsCommand(),
                new NbdServerAddCommand(),
                new NbdServerRemoveCommand(),
                new ObjectAddCommand(),
                new ObjectDelCommand(),
                new QomGetCommand(),
                new QomSetCommand(),
                new QomListCommand(),
                new XBlockdevChangeCommand(),
                new BlockdevReopenCommand(),
                new BlockdevSnapshotCommand(),
                new BlockdevSnapshotSyncCommand(),
                new TransactionCommand(),
                new XBlockdevInsertNodeCommand(),
                new XBlockdevRemoveNodeCommand(),
                new QueryJobsCommand(),
                new QueryBlockJobsCommand(),
                new BlockdevMirrorCommand(),
                new DriveMirrorCommand(),
                new BlockCommitCommand()));
        all.addAll(JobVerbCommand.all());
        return List.copyOf(all);
    }
}
