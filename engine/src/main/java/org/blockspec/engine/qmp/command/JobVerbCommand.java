package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.job.Job;
import org.blockspec.engine.job.Jobs;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/**
 * The verbs on a running job: {@code job-*} find any job by {@code id} ({@code Job not found},
 * GenericError), {@code block-job-*} only block jobs, by {@code device} or {@code id}
 * ({@code Block job 'x' not found}, DeviceNotActive), then both apply the verb as QEMU's
 * job layer does.
 */
public final class JobVerbCommand implements QmpCommand {
    /** What the command does to the job it found. */
    @FunctionalInterface
    interface Action {
        void apply(Job job, Map<String, Object> args, String name) throws BlockException;
    }

    private final String name;
    private final String key;
    private final boolean blockJob;
    private final List<OptionField> arguments;
    private final Action action;

    private JobVerbCommand(String name, String key, boolean blockJob, List<OptionField> extra, Action action) {
        this.name = name;
        this.key = key;
        this.blockJob = blockJob;
        this.arguments = new java.util.ArrayList<>(List.of(OptionField.required(key, OptionType.STR)));
        this.arguments.addAll(extra);
        this.action = action;
    }

    /** Every job-* and block-job-* verb command. */
    public static List<QmpCommand> all() {
        return List.of(
                jobCommand("job-pause", (j, a, n) -> j.userPause()),
                jobCommand("job-resume", (j, a, n) -> j.userResume()),
                jobCommand("job-cancel", (j, a, n) -> j.userCancel(true)),
                jobCommand("job-complete", (j, a, n) -> j.userComplete()),
                jobCommand("job-finalize", (j, a, n) -> j.userFinalize()),
                jobCommand("job-dismiss", (j, a, n) -> j.userDismiss()),
                new JobVerbCommand("block-job-set-speed", "device", true,
                        List.of(OptionField.required("speed", OptionType.INT)), (j, a, n) -> j.setSpeed((Long) a.get("speed"))),
                new JobVerbCommand("block-job-cancel", "device", true,
                        List.of(OptionField.optional("force", OptionType.BOOL)), JobVerbCommand::blockJobCancel),
                new JobVerbCommand("block-job-pause", "device", true, List.of(), (j, a, n) -> j.userPause()),
                new JobVerbCommand("block-job-resume", "device", true, List.of(), (j, a, n) -> j.userResume()),
                new JobVerbCommand("block-job-complete", "device", true, List.of(), (j, a, n) -> j.userComplete()),
                new JobVerbCommand("block-job-finalize", "id", true, List.of(), (j, a, n) -> j.userFinalize()),
                new JobVerbCommand("block-job-dismiss", "id", true, List.of(), (j, a, n) -> j.userDismiss()));
    }

    private static JobVerbCommand jobCommand(String name, Action action) {
        return new JobVerbCommand(name, "id", false, List.of(), action);
    }

    /** Without force, a paused job is refused rather than cancelled; with it, a hard cancel. */
    private static void blockJobCancel(Job job, Map<String, Object> args, String device) throws BlockException {
        boolean force = Boolean.TRUE.equals(args.get("force"));
        if (job.userPaused() && !force) {
            throw new BlockException("The block job for device '" + device + "' is currently paused");
        }
        job.userCancel(force);
    }

    @Override public String name() { return name; }

    @Override public List<OptionField> arguments() { return arguments; }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        String id = (String) args.get(key);
        Jobs jobs = ctx.engine().jobs();
        Job job;
        if (blockJob) {
            job = jobs.findBlockJob(id);
            if (job == null) throw new QmpError(QmpError.DEVICE_NOT_ACTIVE, "Block job '" + id + "' not found");
        } else {
            job = jobs.get(id);
        }
        action.apply(job, args, id);
        return QmpContext.empty();
    }
}
