package org.blockspec.dsl.model;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.spi.PermSet;

/**
 * One compiled step of a scenario, bound to a process (an engine instance). Steps that act
 * carry the {@link Outcome} they must have; the others are checks.
 */
public sealed interface Step {
    SourcePos pos();

    /** Name of the process (engine instance) the step runs in; {@code main} unless inside process {...}. */
    String process();

    /** One line of the scenario, for reports. */
    String text();

    /** An image file in the scenario's directory; {@code options}: qemu-img's -o list, or null. */
    record CreateImage(SourcePos pos, String process, String text, String name, String format, long size,
                       String backing, String backingFormat, String options) implements Step {
    }

    /** A QMP command (node, device, delete and qmp steps all compile to one). */
    record Qmp(SourcePos pos, String process, String text, String execute, ObjectNode arguments, Outcome outcome)
            implements Step {
    }

    /** A qemu-io command on a guest device's backend or on a node. */
    record QemuIo(SourcePos pos, String process, String text, IoTarget target, String command, Outcome outcome)
            implements Step {
    }

    /** Nodes, drivers and edges that must (or, when exact, must only) be in the graph. */
    record ExpectGraph(SourcePos pos, String process, String text, List<GraphClaim> claims, boolean exact)
            implements Step {
    }

    /**
     * Permissions on an edge ({@code child} given) or, for a single node, of all its parents
     * together: what is required (taken) and what is shared.
     */
    record ExpectPerms(SourcePos pos, String process, String text, GraphRef parent, GraphRef child,
                       PermSet required, PermSet shared) implements Step {
    }

    /** An event that was emitted since the previous event check, with matching data. */
    record ExpectEvent(SourcePos pos, String process, String text, String name, JsonPattern data) implements Step {
    }

    /**
     * The image locks on a file of the scenario's directory, as any process sees them: the
     * permissions someone holds and those someone does not share.
     */
    record ExpectLocks(SourcePos pos, String process, String text, String image, PermSet held, PermSet unshared)
            implements Step {
    }

    /**
     * Time the process's clock moved since the scenario started or since the previous
     * elapsed check: exactly (to a millisecond) on the virtual clock, at least on the real one.
     */
    record ExpectElapsed(SourcePos pos, String process, String text, long nanos) implements Step {
    }

    /** Bytes a device or node reads: a pattern, zeroes, or the same bytes as another target. */
    record ExpectData(SourcePos pos, String process, String text, IoTarget target, long offset, Long length,
                      DataCheck check) implements Step {
    }

    /**
     * Starts a block job: {@code kind}'s QMP command with {@code job-id} = {@code id} first,
     * then {@code arguments} (the command's other arguments, checked by the compiler).
     */
    record StartJob(SourcePos pos, String process, String text, String id, JobKind kind, ObjectNode arguments,
                    Outcome outcome) implements Step {
        /** The QMP command this step sends. */
        public Qmp asQmp() {
            ObjectNode args = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("job-id", id);
            args.setAll(arguments);
            return new Qmp(pos, process, text, kind.command(), args, outcome);
        }
    }

    /**
     * A verb on a job, through {@code job-*} or, with {@code blockJob}, {@code block-job-*};
     * {@code arguments} holds the verb's own ({@code force}, {@code speed}), not the id.
     */
    record OnJob(SourcePos pos, String process, String text, String id, JobVerb verb, boolean blockJob,
                 ObjectNode arguments, Outcome outcome) implements Step {
        /** The QMP command this step sends. */
        public Qmp asQmp() {
            ObjectNode args = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    .put(verb.idArgument(blockJob), id);
            args.setAll(arguments);
            return new Qmp(pos, process, text, verb.command(blockJob), args, outcome);
        }
    }

    /**
     * Lets the process run until {@code until} holds, for at most {@code limitNanos} of its
     * time; failing if it does not (on the virtual clock also when nothing is left to run).
     */
    record Run(SourcePos pos, String process, String text, RunUntil until, long limitNanos) implements Step {
    }

    /**
     * A job's state as query-block-jobs shows it, and some of its fields ({@code offset},
     * {@code len}, {@code speed}, {@code io-status}, {@code busy}, {@code paused}, {@code ready},
     * {@code error} ...). State {@code null}: the job is gone.
     */
    record ExpectJob(SourcePos pos, String process, String text, String id, String state, JsonPattern.Obj fields)
            implements Step {
    }

    /**
     * The next events of one job (JOB_STATUS_CHANGE with its id, BLOCK_JOB_* for it) since the
     * previous check of its events, in this order; with {@code exact}, no other event of the
     * job came so far.
     */
    record ExpectJobEvents(SourcePos pos, String process, String text, String id, List<EventPattern> events,
                           boolean exact) implements Step {
    }
}
