package org.blockspec.engine.graph;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.event.EventBus;
import org.blockspec.engine.object.UserObjects;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.qmp.schema.BlockdevOptionsParser;

import org.blockspec.engine.perm.PermissionRefresh;
import org.blockspec.engine.spi.BackingFile;
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
 * is recorded in the caller's transaction. A format node whose metadata names a backing
 * image gets that chain opened after it, read-only and auto-named, unless its options say
 * otherwise; image files given by name (tools, backing chains) have their format probed
 * when it is not known.
 */
public final class NodeOpener {
    private final Graph graph;
    private final DriverRegistry drivers;
    private final Clock clock;
    private final Consumer<String> warnings;
    private final Consumer<String> errors;
    private final Consumer<String> errorReports;
    private final UserObjects objects;
    private final EventBus events;

    /**
     * @param errors       lines drivers print as they are (QEMU's fprintf to stderr)
     * @param errorReports messages printed after the program's name (QEMU's error_report)
     */
    public NodeOpener(Graph graph, DriverRegistry drivers, Clock clock, Consumer<String> warnings,
                      Consumer<String> errors, Consumer<String> errorReports, UserObjects objects, EventBus events) {
        this.graph = graph;
        this.drivers = drivers;
        this.clock = clock;
        this.warnings = warnings;
        this.errors = errors;
        this.errorReports = errorReports;
        this.objects = objects;
        this.events = events;
    }

    /** blockdev-add: opens the tree and gives its top node to the monitor. */
    public BlockNode openMonitorOwned(BlockdevOptions options, Transaction tran) throws BlockException {
        BlockNode n = open(options, Inherited.TOP, tran);
        graph.monitorRef(n, tran);
        return n;
    }

    /**
     * QEMU's bdrv_new_open_driver: a node of an engine-internal driver (a job's filter), with
     * no options and no children yet, read-write. Without a name it gets a generated one and
     * is implicit (QEMU hides implicit filters where it can).
     */
    public BlockNode openDriver(String nodeName, BlockDriverFactory factory, Transaction tran) throws BlockException {
        String name = nodeName == null ? graph.names().generate() : checkedName(nodeName);
        BlockdevOptions o = new BlockdevOptions(factory.name(), name, null, null, null, null, null, null,
                OptionValues.EMPTY, Map.of(), Map.of());
        BlockNode n = graph.addNode(name, factory, o, false, false, BlockdevOptions.CacheOptions.DEFAULT, tran);
        n.setImplicit(nodeName == null);
        BlockDriver driver = factory.open(new Context(n, o, Inherited.TOP, null, false, tran));
        n.setDriver(driver);
        tran.add(() -> { }, driver::close);
        return n;
    }

    /**
     * QEMU's bdrv_open_backing_file for a node opened without its backing image: the image its
     * metadata names is opened (read-only, auto-named) and attached as its backing child. A
     * node that names none is left as it is.
     */
    public void openNamedBacking(BlockNode n, Transaction tran) throws BlockException {
        org.blockspec.engine.spi.FormatInfo info = n.driver().formatInfo();
        if (info == null || info.backing() == null || n.backingChild() != null) return;
        BackingFile named = info.backing();
        String path = named.filename();
        if (!path.startsWith("/") && !path.startsWith("json:")) {
            String own = n.primaryChild() == null ? null : BackingNames.fileName(n.primaryChild().child());
            if (own == null) throw new BlockException("Cannot use relative backing file names for '" + Filenames.of(n) + "'");
            int slash = own.lastIndexOf('/');
            if (slash >= 0) path = own.substring(0, slash + 1) + path;
        }
        Inherited inh = new Inherited(true, n.forceShare(), n.cache(), n.discardUnmap(), false, false, List.of());
        BlockNode child;
        try {
            child = openFile(path, named.format(), null, null, inh, tran);
        } catch (BlockException e) {
            throw new BlockException("Could not open backing file: " + e.getMessage());
        }
        graph.setInheritsFrom(child, n, tran);
        ChildEdge e = graph.attach(n, child, "backing", ChildRole.BACKING, Perms.UNUSED, tran);
        n.setBackingFromMetadata(true);
        PermissionRefresh.refresh(graph, List.of(n), tran);
        tran.onCommit(() -> n.driver().backingChanged(e));
    }

    /** An image tool's image: opened by file name, owned by the monitor so the engine closes it. */
    public BlockNode openImage(ImageRequest r, Transaction tran) throws BlockException {
        Inherited top = new Inherited(r.readOnly(), r.forceShare(), BlockdevOptions.CacheOptions.DEFAULT,
                r.unmap(), r.forCheck(), r.noIo(), List.of());
        ChildSpec backing = r.backing() != null ? new ChildSpec.Reference(r.backing())
                : r.noBacking() ? new ChildSpec.None() : null;
        BlockNode n = openFile(r.filename(), r.format(), r.nodeName(), backing, top, tran);
        graph.monitorRef(n, tran);
        return n;
    }

    /**
     * What a node created inside another node's options takes from it unless it says otherwise.
     * {@code chain}: canonical paths of the images whose backing chain is being opened.
     */
    private record Inherited(boolean readOnly, boolean forceShare, BlockdevOptions.CacheOptions cache, boolean unmap,
                             boolean forCheck, boolean noIo, List<String> chain) {
        static final Inherited TOP = new Inherited(false, false, BlockdevOptions.CacheOptions.DEFAULT, false, false,
                false, List.of());

        /** For a child: force-share, cache, discard and no-I/O pass down; checking is only for the top. */
        Inherited child(boolean childReadOnly) {
            return new Inherited(childReadOnly, forceShare, cache, unmap, false, noIo, chain);
        }
    }

    /**
     * A format node on a file node for {@code filename}: the file node first (auto-named, as
     * QEMU names a node's file before the node), then the format, probed if not given.
     */
    private BlockNode openFile(String filename, String format, String nodeName, ChildSpec backing, Inherited inh,
                               Transaction tran) throws BlockException {
        if (filename.startsWith("json:")) {
            BlockdevOptions o = jsonOptions(filename, nodeName);
            if (backing != null && o.child("backing") == null) o = o.withChild("backing", backing);
            return open(o, inh, tran);
        }
        BlockdevOptions fileOptions = new BlockdevOptions("file", null, null, null, null, null, null, null,
                new OptionValues(Map.of("filename", filename)), Map.of(), Map.of());
        BlockNode file = open(fileOptions, inh.child(inh.readOnly()), tran);
        String driver = format != null ? format : FormatProbe.probe(drivers, file, filename);
        Map<String, ChildSpec> children = new LinkedHashMap<>();
        children.put("file", new ChildSpec.Reference(file.name()));
        if (backing != null) children.put("backing", backing);
        List<String> chain = new ArrayList<>(inh.chain());
        chain.add(canonical(filename));
        Inherited forFormat = new Inherited(inh.readOnly(), inh.forceShare(), inh.cache(), inh.unmap(), inh.forCheck(),
                inh.noIo(), List.copyOf(chain));
        return open(new BlockdevOptions(driver, nodeName, null, null, null, null, null, null, OptionValues.EMPTY,
                children, Map.of()), forFormat, tran);
    }

    /** A {@code json:} pseudo-filename's options; the caller's node name unless they name one. */
    private BlockdevOptions jsonOptions(String filename, String nodeName) throws BlockException {
        JsonNode tree;
        try {
            tree = QmpJson.read(filename.substring("json:".length()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BlockException("Could not parse the JSON options");
        }
        if (!(tree instanceof ObjectNode parsed)) throw new BlockException("Invalid JSON object given");
        ObjectNode o = FlatOptions.normalized(parsed);
        if (nodeName != null && !o.has("node-name")) o.put("node-name", nodeName);
        try {
            return new BlockdevOptionsParser(drivers).parse(o, false);
        } catch (QmpError e) {
            throw new BlockException(e.desc());
        }
    }

    private static String canonical(String filename) {
        try {
            return new File(filename).getCanonicalPath();
        } catch (java.io.IOException e) {
            return new File(filename).getAbsolutePath();
        }
    }

    private BlockNode open(BlockdevOptions o, Inherited inherited, Transaction tran) throws BlockException {
        BlockDriverFactory factory = drivers.get(o.driver());
        if (factory == null) throw new BlockException("Unknown driver '" + o.driver() + "'");
        boolean readOnly = o.readOnly() != null ? o.readOnly() : inherited.readOnly();
        boolean forceShare = o.forceShare() != null ? o.forceShare() : inherited.forceShare();
        BlockdevOptions.CacheOptions cache = o.cache() != null ? o.cache() : inherited.cache();
        boolean unmap = o.discard() != null ? o.discard().equals("unmap") : inherited.unmap();
        Inherited forChildren = new Inherited(readOnly, forceShare, cache, unmap, false, inherited.noIo(),
                inherited.chain());

        BlockNode earlyFile = null;
        if (factory.kind() != DriverKind.PROTOCOL && o.child("file") != null) {
            earlyFile = resolve(o.child("file"), forChildren, tran);
        }
        if (forceShare && !readOnly) {
            throw new BlockException("force-share=on can only be used with read-only images");
        }
        if ("unmap".equals(o.detectZeroes()) && !unmap) {
            throw new BlockException("setting detect-zeroes to unmap is not allowed without setting discard operation to unmap");
        }
        String name = o.nodeName() == null ? graph.names().generate() : checkedName(o.nodeName());
        BlockNode n = graph.addNode(name, factory, o, readOnly, forceShare, cache, tran);
        n.setNoIo(inherited.noIo());
        n.setDiscardUnmap(unmap);

        Context ctx = new Context(n, o, forChildren, earlyFile, inherited.forCheck(), tran);
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
        private final boolean forCheck;
        private final Transaction tran;
        private boolean earlyFileUsed;

        Context(BlockNode node, BlockdevOptions options, Inherited forChildren, BlockNode earlyFile, boolean forCheck,
                Transaction tran) {
            this.node = node;
            this.options = options;
            this.forChildren = forChildren;
            this.earlyFile = earlyFile;
            this.forCheck = forCheck;
            this.tran = tran;
        }

        @Override public boolean forCheck() { return forCheck; }

        @Override public boolean discardUnmap() { return forChildren.unmap(); }

        @Override public void error(String message) { errors.accept(message); }

        @Override public void errorReport(String message) { errorReports.accept(message); }

        @Override public void imageCorrupted(String message, long offset, long size, boolean fatal) {
            ObjectNode data = QmpJson.MAPPER.createObjectNode();
            data.put("device", node.deviceName());
            data.put("node-name", node.name());
            data.put("msg", message);
            if (offset >= 0) data.put("offset", offset);
            if (size >= 0) data.put("size", size);
            data.put("fatal", fatal);
            events.emit("BLOCK_IMAGE_CORRUPTED", data);
        }

        @Override public Optional<Child> openBacking(BackingFile named) throws BlockException {
            ChildSpec spec = options.child("backing");
            if (spec instanceof ChildSpec.None || (spec == null && named == null)) return Optional.empty();
            BlockNode child;
            try {
                child = spec != null ? resolve(spec, forChildren.child(true), tran) : openNamedBacking(named);
            } catch (BlockException e) {
                // QEMU's bdrv_open_backing_file: opening (not attaching) failures carry this prefix.
                throw new BlockException("Could not open backing file: " + e.getMessage());
            }
            ChildEdge e = attach(child, "backing", ChildRole.BACKING);
            if (spec == null) node.setBackingFromMetadata(true);
            return Optional.of(e);
        }

        private BlockNode openNamedBacking(BackingFile named) throws BlockException {
            String path = backingPath(named.filename());
            if (forChildren.chain().contains(canonical(path))) {
                throw new BlockException("Backing file '" + named.filename() + "' creates an infinite loop.");
            }
            return openFile(path, named.format(), null, null, forChildren.child(true), tran);
        }

        /** A relative backing file name is relative to this image's directory (bdrv_get_full_backing_filename). */
        private String backingPath(String name) throws BlockException {
            if (name.startsWith("/") || name.startsWith("json:")) return name;
            String own = earlyFile == null ? null : BackingNames.fileName(earlyFile);
            if (own == null) {
                throw new BlockException("Cannot use relative backing file names for '" + Filenames.of(earlyFile) + "'");
            }
            int slash = own.lastIndexOf('/');
            return slash < 0 ? name : own.substring(0, slash + 1) + name;
        }

        @Override public String nodeName() { return node.name(); }

        @Override public boolean readOnly() { return node.readOnly(); }

        @Override public boolean forceShare() { return node.forceShare(); }

        @Override public OptionValues options() { return options.driverOptions(); }

        @Override public Clock clock() { return clock; }

        @Override public boolean cacheDirect() { return node.cache().direct(); }

        @Override public UserObject object(String type, String id) { return objects.find(type, id); }

        /** Drivers give plain Java data in QAPI member order; it becomes the event's JSON. */
        @Override public EventSink events() {
            return (event, data) -> events.emit(event, QmpJson.MAPPER.valueToTree(data));
        }

        @Override public boolean nodeExists(String name) { return graph.node(name) != null; }

        @Override public void freezeChainTo(String bottom) throws BlockException {
            BlockNode base = graph.node(bottom);
            if (base == null) throw new BlockException("Bottom node '" + bottom + "' not found");
            if (base.kind() == DriverKind.FILTER) throw new BlockException("Bottom node '" + bottom + "' is a filter");
            List<ChildEdge> links = graph.freezeChain(node, base, tran);
            node.onClose(() -> graph.unfreezeChain(links));
        }

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
                Inherited inherited = role.isCow() ? forChildren.child(true) : forChildren;
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
            // A node nobody held yet was created by this node's opening and inherits from it.
            if (child.parents().isEmpty() && !child.monitorOwned()) graph.setInheritsFrom(child, node, tran);
            ChildEdge e = graph.attach(node, child, name, role, perms, tran);
            PermissionRefresh.refresh(graph, List.of(child), tran);
            return e;
        }
    }
}
