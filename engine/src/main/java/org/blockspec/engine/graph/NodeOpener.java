package org.blockspec.engine.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.blockspec.engine.object.UserObjects;
import org.blockspec.engine.perm.PermissionRefresh;
import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Child;
import org.blockspec.engine.spi.ChildPermRequest;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.Clock;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.EventSink;
import org.blockspec.engine.spi.OpenContext;
import org.blockspec.engine.spi.OptionValues;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.UserObject;
import org.blockspec.engine.spi.support.DefaultPerms;

/**
 * Opens a tree of nodes from blockdev-add options, in QEMU's order: a format or filter
 * node's {@code file} child is opened before the node itself is checked and named; then
 * force-share, then the name, then the driver, which opens its other children. Every step
 * is recorded in the caller's transaction.
 */
public final class NodeOpener {
    private final Graph graph;
    private final DriverRegistry drivers;
    private final Clock clock;
    private final Consumer<String> warnings;
    private final UserObjects objects;
    private final EventSink events;

    public NodeOpener(Graph graph, DriverRegistry drivers, Clock clock, Consumer<String> warnings, UserObjects objects,
                      EventSink events) {
        this.graph = graph;
        this.drivers = drivers;
        this.clock = clock;
        this.warnings = warnings;
        this.objects = objects;
        this.events = events;
    }

    /** blockdev-add: opens the tree and gives its top node to the monitor. */
    public BlockNode openMonitorOwned(BlockdevOptions options, Transaction tran) throws BlockException {
        BlockNode n = open(options, new Inherited(false, false, BlockdevOptions.CacheOptions.DEFAULT), tran);
        graph.monitorRef(n, tran);
        return n;
    }

    /** What a node created inside another node's options takes from it unless it says otherwise. */
    private record Inherited(boolean readOnly, boolean forceShare, BlockdevOptions.CacheOptions cache) {
    }

    private BlockNode open(BlockdevOptions o, Inherited inherited, Transaction tran) throws BlockException {
        BlockDriverFactory factory = drivers.get(o.driver());
        if (factory == null) throw new BlockException("Unknown driver '" + o.driver() + "'");
        boolean readOnly = o.readOnly() != null ? o.readOnly() : inherited.readOnly();
        boolean forceShare = o.forceShare() != null ? o.forceShare() : inherited.forceShare();
        BlockdevOptions.CacheOptions cache = o.cache() != null ? o.cache() : inherited.cache();
        Inherited forChildren = new Inherited(readOnly, forceShare, cache);

        BlockNode earlyFile = null;
        if (factory.kind() != DriverKind.PROTOCOL && o.child("file") != null) {
            earlyFile = resolve(o.child("file"), forChildren, tran);
        }
        if (forceShare && !readOnly) {
            throw new BlockException("force-share=on can only be used with read-only images");
        }
        String name = o.nodeName() == null ? graph.names().generate() : checkedName(o.nodeName());
        BlockNode n = graph.addNode(name, factory, o, readOnly, forceShare, cache, tran);

        Context ctx = new Context(n, o, forChildren, earlyFile, tran);
        BlockDriver driver = factory.open(ctx);
        n.setDriver(driver);
        tran.add(() -> { }, driver::close);
        if (earlyFile != null && !ctx.earlyFileUsed) graph.discardUnreferenced(earlyFile, tran);
        PermissionRefresh.refresh(graph, List.of(n), tran);
        return n;
    }

    private String checkedName(String name) throws BlockException {
        if (!NodeNames.wellFormed(name)) throw new BlockException("Invalid node-name: '" + name + "'");
        if (graph.backend(name) != null) {
            throw new BlockException("node-name=" + name + " is conflicting with a device id");
        }
        if (graph.node(name) != null) throw new BlockException("Duplicate nodes with node-name='" + name + "'");
        if (name.length() > NodeNames.MAX_LENGTH) throw new BlockException("Node name too long");
        return name;
    }

    /** A reference names an existing node; an inline definition opens a new one. */
    private BlockNode resolve(ChildSpec spec, Inherited inherited, Transaction tran) throws BlockException {
        return switch (spec) {
            case ChildSpec.Reference r -> {
                BlockNode n = graph.lookup(r.name());
                if (n == null) {
                    throw new BlockException("Cannot find device='" + r.name() + "' nor node-name='" + r.name() + "'");
                }
                yield n;
            }
            case ChildSpec.Inline i -> open(i.options(), inherited, tran);
            case ChildSpec.None none -> null;
        };
    }

    private final class Context implements OpenContext {
        private final BlockNode node;
        private final BlockdevOptions options;
        private final Inherited forChildren;
        private final BlockNode earlyFile;
        private final Transaction tran;
        private boolean earlyFileUsed;

        Context(BlockNode node, BlockdevOptions options, Inherited forChildren, BlockNode earlyFile, Transaction tran) {
            this.node = node;
            this.options = options;
            this.forChildren = forChildren;
            this.earlyFile = earlyFile;
            this.tran = tran;
        }

        @Override public String nodeName() { return node.name(); }

        @Override public boolean readOnly() { return node.readOnly(); }

        @Override public boolean forceShare() { return node.forceShare(); }

        @Override public OptionValues options() { return options.driverOptions(); }

        @Override public Clock clock() { return clock; }

        @Override public boolean cacheDirect() { return node.cache().direct(); }

        @Override public UserObject object(String type, String id) { return objects.find(type, id); }

        @Override public EventSink events() { return events; }

        @Override public boolean nodeExists(String name) { return graph.node(name) != null; }

        @Override public int childListSize(String option) {
            return options.childLists().getOrDefault(option, List.of()).size();
        }

        @Override public List<Child> openChildList(String option, ChildRole role) throws BlockException {
            List<Child> out = new ArrayList<>();
            List<ChildSpec> specs = options.childLists().getOrDefault(option, List.of());
            for (int i = 0; i < specs.size(); i++) {
                BlockNode child = resolve(specs.get(i), forChildren, tran);
                if (child != null) out.add(attach(child, option + "." + i, role));
            }
            return out;
        }

        @Override public void warn(String message) { warnings.accept(message); }

        @Override public Child openChild(String option, ChildRole role) throws BlockException {
            return openOptionalChild(option, role).orElseThrow(
                    () -> new BlockException("A block device must be specified for \"" + option + "\""));
        }

        @Override public Optional<Child> openOptionalChild(String option, ChildRole role) throws BlockException {
            BlockNode child;
            if (option.equals("file") && earlyFile != null) {
                child = earlyFile;
                earlyFileUsed = true;
            } else {
                ChildSpec spec = options.child(option);
                if (spec == null) return Optional.empty();
                // A new backing image is read-only unless it says otherwise (QEMU's COW inheritance).
                Inherited inherited = role.isCow()
                        ? new Inherited(true, forChildren.forceShare(), forChildren.cache()) : forChildren;
                child = resolve(spec, inherited, tran);
                if (child == null) return Optional.empty();
            }
            return Optional.of(attach(child, option, role));
        }

        /**
         * Attaches with the default rule for the role (the driver is not open yet), and checks
         * the child at once, as QEMU does on attach; the node's own refresh after its driver
         * opened applies the driver's exact rule.
         */
        private ChildEdge attach(BlockNode child, String name, ChildRole role) throws BlockException {
            Perms perms = DefaultPerms.forRole(
                    new ChildPermRequest(name, role, node.cumulativePerms(), !node.readOnly()));
            if (child.forceShare()) perms = perms.withShared(PermSet.ALL);
            ChildEdge e = graph.attach(node, child, name, role, perms, tran);
            PermissionRefresh.refresh(graph, List.of(child), tran);
            return e;
        }
    }
}
