package org.blockspec.dsl.coverage;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.engine.spi.BlockDriverFactory;

/**
 * What blockspec implements that scenarios could touch, read from blockspec itself: QMP
 * commands (query-commands of an engine), drivers and their option schemas, and, from the
 * compiled engine and drivers, the events they emit and the messages they raise errors with
 * (string constants and concatenation recipes that flow into an exception or a QMP error).
 */
public record Implemented(Set<String> commands, java.util.Map<String, List<String>> driverOptions, Set<String> events,
                          Set<String> messages) {
    /** The holes of a message template (values filled in at run time). */
    public static final String HOLE = "…";

    public static Implemented scan(List<String> commands, DriverRegistry drivers) {
        java.util.Map<String, List<String>> options = new java.util.TreeMap<>();
        Set<Path> code = new java.util.LinkedHashSet<>();
        code.add(location(BlockDriverFactory.class));
        for (BlockDriverFactory f : drivers.all()) {
            List<String> names = new ArrayList<>();
            f.options().forEach(o -> names.add(o.name()));
            options.put(f.name(), names);
            code.add(location(f.getClass()));
        }
        Set<String> events = new TreeSet<>();
        Set<String> messages = new TreeSet<>();
        for (Path p : code) {
            if (p != null) scanCode(p, events, messages);
        }
        return new Implemented(new TreeSet<>(commands), options, events, messages);
    }

    private static Path location(Class<?> c) {
        try {
            var src = c.getProtectionDomain().getCodeSource();
            return src == null ? null : Path.of(src.getLocation().toURI());
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }

    private static void scanCode(Path where, Set<String> events, Set<String> messages) {
        try {
            if (Files.isDirectory(where)) {
                walk(where, events, messages);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(where)) {
                    walk(jar.getPath("/"), events, messages);
                }
            }
        } catch (IOException e) {
            // Unreadable code: that part of the index stays empty.
        }
    }

    private static void walk(Path root, Set<String> events, Set<String> messages) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    scanClass(ClassFile.of().parse(in.readAllBytes()), events, messages);
                } catch (IllegalArgumentException e) {
                    // Not a class file this JDK reads; skip it.
                }
            }
        }
    }

    private static void scanClass(ClassModel c, Set<String> events, Set<String> messages) {
        for (MethodModel m : c.methods()) {
            CodeAttribute code = m.findAttribute(java.lang.classfile.Attributes.code()).orElse(null);
            if (code == null) continue;
            String last = null;
            String lastConstant = null;
            String lastEvent = null;
            for (CodeElement e : code.elementList()) {
                switch (e) {
                    case ConstantInstruction ci when ci.constantValue() instanceof String s -> {
                        last = s;
                        lastConstant = s;
                        if (s.matches("[A-Z][A-Z0-9_]{3,}")) lastEvent = s;
                    }
                    case InvokeDynamicInstruction indy when indy.bootstrapMethod().methodName()
                            .equals("makeConcatWithConstants") && !indy.bootstrapArgs().isEmpty()
                            && indy.bootstrapArgs().getFirst() instanceof String recipe -> last = recipe.replace("\u0001", HOLE);
                    case InvokeInstruction inv -> {
                        String name = inv.name().stringValue();
                        String owner = inv.owner().asInternalName();
                        if (owner.equals("java/lang/String") && (name.equals("format") || name.equals("formatted"))) {
                            last = lastConstant == null ? null : lastConstant.replaceAll("%[-0-9.]*[sdxXfc]", HOLE);
                            continue;
                        }
                        if (lastEvent != null && name.equals("emit")) {
                            events.add(lastEvent);
                            lastEvent = null;
                        }
                        boolean raises = name.equals("<init>") && (owner.endsWith("Exception") || owner.endsWith("Error"))
                                || owner.endsWith("/QmpError") && !name.equals("<init>");
                        if (last != null && raises && message(last)) messages.add(last);
                        last = null;
                    }
                    default -> { }
                }
            }
        }
    }

    /** Sentences, not identifiers or error class names. */
    private static boolean message(String s) {
        return s.length() >= 8 && s.contains(" ") && !s.startsWith(HOLE + " ") && !s.equals(HOLE);
    }
}
