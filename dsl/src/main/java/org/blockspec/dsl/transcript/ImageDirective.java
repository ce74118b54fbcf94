package org.blockspec.dsl.transcript;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.blockspec.engine.Engine;
import org.blockspec.engine.image.ImageCreator;
import org.blockspec.engine.qmp.schema.SizeSuffix;
import org.blockspec.engine.spi.BlockException;

/**
 * A transcript line {@code # qemu-img create [-f fmt] [-b file] [-F fmt] [-u] [-o options] NAME [SIZE]}:
 * an image created in the scenario's directory before the commands run. When recording from
 * QEMU the line is run by qemu-img itself; on the engine, by the same code as
 * {@code blockspec img create}. File names are relative to the scenario's directory.
 */
public record ImageDirective(int line, ImageCreator.Request request) {
    static final String PREFIX = "qemu-img create ";

    /** Whether a comment (without '#') is such a line. */
    public static boolean matches(String comment) {
        return comment.startsWith(PREFIX);
    }

    static ImageDirective parse(Path file, int line, String text) throws Transcript.Invalid {
        List<String> words = List.of(text.substring(PREFIX.length()).trim().split("\\s+"));
        String format = "raw";
        String backing = null;
        String backingFormat = null;
        String options = null;
        boolean unsafe = false;
        List<String> args = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "-f" -> format = value(file, line, words, ++i);
                case "-b" -> backing = value(file, line, words, ++i);
                case "-F" -> backingFormat = value(file, line, words, ++i);
                case "-o" -> options = value(file, line, words, ++i);
                case "-u" -> unsafe = true;
                case "-q" -> { }
                default -> {
                    if (w.startsWith("-")) throw new Transcript.Invalid(file, line, "unknown qemu-img create option " + w);
                    args.add(w);
                }
            }
        }
        if (args.isEmpty() || args.size() > 2) {
            throw new Transcript.Invalid(file, line, "expected '# qemu-img create [options] NAME [SIZE]'");
        }
        long size = -1;
        if (args.size() == 2) {
            try {
                size = SizeSuffix.parse(args.get(1));
            } catch (NumberFormatException e) {
                throw new Transcript.Invalid(file, line, "bad image size '" + args.get(1) + "'");
            }
        }
        return new ImageDirective(line, new ImageCreator.Request(args.get(0), format, size, options, backing,
                backingFormat, unsafe, true));
    }

    private static String value(Path file, int line, List<String> words, int i) throws Transcript.Invalid {
        if (i >= words.size()) throw new Transcript.Invalid(file, line, "option " + words.get(i - 1) + " needs a value");
        return words.get(i);
    }

    /** Parses a comment (without '#') outside a transcript file. */
    public static ImageDirective parse(String comment) throws Transcript.Invalid {
        return parse(Path.of("-"), 0, comment);
    }

    /** Creates the image in {@code dir} on {@code engine}'s loop. */
    public void run(Engine engine, Path dir) throws BlockException {
        ImageCreator.Request r = request;
        ImageCreator.Request inDir = new ImageCreator.Request(dir.resolve(r.filename()).toString(), r.format(), r.size(),
                r.options(), r.backingFile(), r.backingFormat(), r.unsafe(), true);
        BlockException failure = engine.loop().call(() -> {
            try {
                ImageCreator.create(engine, inDir, System.out);
                return null;
            } catch (BlockException e) {
                return e;
            }
        });
        if (failure != null) throw failure;
    }
}
