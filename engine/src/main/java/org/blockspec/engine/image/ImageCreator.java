package org.blockspec.engine.image;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.BlockdevOptions;
import org.blockspec.engine.graph.GraphChange;
import org.blockspec.engine.graph.ImageRequest;
import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Child;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.ImageCreation;
import org.blockspec.engine.spi.OptionValues;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;

/**
 * Image creation as qemu-img create does it (QEMU's bdrv_img_create): option parsing, the
 * backing file's checks (it must open, its format must be given, it gives the size when none
 * was), the "Formatting" line, then the format driver writes its image on a file the
 * protocol driver created. Runs on the engine's loop.
 */
public final class ImageCreator {
    /**
     * @param size          virtual size, or -1 when not given
     * @param options       the -o list, or null
     * @param unsafe        do not open the backing file (qemu-img create -u)
     */
    public record Request(String filename, String format, long size, String options, String backingFile,
                          String backingFormat, boolean unsafe, boolean quiet) {
    }

    private static final String PROTOCOL = "file";

    private ImageCreator() {
    }

    public static void create(Engine engine, Request r, PrintStream out) throws BlockException {
        BlockDriverFactory format = engine.drivers().get(r.format());
        if (format == null || format.kind() == DriverKind.FILTER) {
            throw new BlockException("Unknown file format '" + r.format() + "'");
        }
        BlockDriverFactory protocol = engine.drivers().get(PROTOCOL);
        if (format.createOptions().isEmpty()) {
            throw new BlockException("Format driver '" + r.format() + "' does not support image creation");
        }
        boolean formatIsProtocol = format.kind() == DriverKind.PROTOCOL;
        CreateOptions opts = new CreateOptions(format.createOptions(),
                formatIsProtocol ? List.of() : protocol.createOptions());
        if (r.options() != null) opts.parse(r.options());
        if (!opts.has("size")) {
            if (r.size() >= 0) opts.set("size", r.size());
        } else if (r.size() >= 0) {
            throw new BlockException("The image size must be specified only once");
        }
        if (r.backingFile() != null) {
            if (!declares(format, "backing_file")) {
                throw new BlockException("Backing file not supported for file format '" + r.format() + "'");
            }
            opts.set("backing_file", r.backingFile());
        }
        if (r.backingFormat() != null) {
            if (!declares(format, "backing_fmt")) {
                throw new BlockException("Backing file format not supported for file format '" + r.format() + "'");
            }
            opts.set("backing_fmt", r.backingFormat());
        }
        String backing = (String) opts.get("backing_file");
        String backingFormat = (String) opts.get("backing_fmt");
        if (backing != null) {
            if (backing.equals(r.filename())) {
                throw new BlockException("Error: Trying to create an image with the same filename as the backing file");
            }
            if (backing.isEmpty()) throw new BlockException("Expected backing file name, got empty string");
        }
        if (backing != null && !r.unsafe()) {
            long backingSize = openBacking(engine, fullBackingName(r.filename(), backing), backingFormat);
            if (!opts.has("size")) opts.set("size", backingSize);
        } else if (backing != null && backingFormat == null) {
            throw new BlockException("Backing file specified without backing format");
        }
        if (!opts.has("size")) throw new BlockException("Image creation needs a size parameter");
        if (!r.quiet()) {
            out.println("Formatting '" + r.filename() + "', fmt=" + r.format() + " " + opts.describe());
            out.flush();
        }
        long size = (Long) opts.get("size");
        OptionValues own = opts.forDriver(format.createOptions(), List.of());
        if (formatIsProtocol) {
            format.create(new Creation(engine, r.filename(), size, own, null, protocol));
            return;
        }
        List<String> taken = new ArrayList<>();
        format.createOptions().forEach(o -> taken.add(o.name()));
        OptionValues forProtocol = opts.forDriver(protocol.createOptions(), taken);
        Creation c = new Creation(engine, r.filename(), size, own, forProtocol, protocol);
        try {
            format.create(c);
        } finally {
            c.release();
        }
    }

    private static boolean declares(BlockDriverFactory f, String option) {
        return f.createOptions().stream().anyMatch(o -> o.name().equals(option));
    }

    /** QEMU's bdrv_get_full_backing_filename_from_filename. */
    static String fullBackingName(String image, String backing) throws BlockException {
        if (backing.startsWith("/") || backing.startsWith("json:")) return backing;
        if (image.startsWith("json:")) {
            throw new BlockException("Cannot use relative backing file names for '" + image + "'");
        }
        int slash = image.lastIndexOf('/');
        return slash < 0 ? backing : image.substring(0, slash + 1) + backing;
    }

    /** Opens the backing image read-only with force-share, as a check; returns its size. */
    private static long openBacking(Engine engine, String filename, String format) throws BlockException {
        BlockNode n;
        try {
            n = GraphChange.apply(engine.graph(), tran -> engine.opener().openImage(
                    ImageRequest.of(null, filename, format, true).withForceShare(true), tran));
        } catch (BlockException e) {
            throw new BlockException(e.getMessage() + "\nCould not open backing image.\n");
        }
        try {
            if (format == null) {
                throw new BlockException("Backing file specified without backing format\nDetected format of "
                        + n.driverName() + ".");
            }
            return NodeIo.length(n);
        } finally {
            ImageNodes.close(engine, n);
        }
    }

    /** One creation in progress: the protocol file the format driver writes on. */
    private static final class Creation implements ImageCreation {
        private final Engine engine;
        private final String filename;
        private final long size;
        private final OptionValues options;
        private final OptionValues protocolOptions;
        private final BlockDriverFactory protocol;
        private BlockNode node;
        private BlockBackend backend;

        Creation(Engine engine, String filename, long size, OptionValues options, OptionValues protocolOptions,
                 BlockDriverFactory protocol) {
            this.engine = engine;
            this.filename = filename;
            this.size = size;
            this.options = options;
            this.protocolOptions = protocolOptions;
            this.protocol = protocol;
        }

        @Override public String filename() { return filename; }

        @Override public long size() { return size; }

        @Override public OptionValues options() { return options; }

        @Override public Child createFile(long fileSize) throws BlockException {
            if (backend != null) throw new IllegalStateException("the file was already created");
            protocol.create(new Creation(engine, filename, fileSize, protocolOptions, null, protocol));
            BlockdevOptions o = new BlockdevOptions(PROTOCOL, null, false, null, null, null, null, null,
                    new OptionValues(java.util.Map.of("filename", filename)), java.util.Map.of(), java.util.Map.of());
            node = GraphChange.apply(engine.graph(), tran -> engine.opener().openMonitorOwned(o, tran));
            PermSet perm = PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE, Perm.RESIZE);
            backend = BackendOps.createDirect(engine.graph(), node, new Perms(perm, PermSet.ALL));
            return backend.root();
        }

        void release() throws BlockException {
            if (backend != null) BackendOps.remove(engine.graph(), backend);
            if (node != null) ImageNodes.close(engine, node);
        }
    }
}
