package org.blockspec.dsl.transcript;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.qmp.schema.SizeSuffix;

/**
 * A QMP transcript ({@code .qmp}): what a management tool sent and what QEMU answered, in
 * the notation of QEMU's documentation, replayable against the engine.
 *
 * <pre>
 * # Two guest disks on one node need share-rw on both.
 * # images: disk.img=64M
 * -> {"execute": "blockdev-add", "arguments": {...}}
 * &lt;- {"return": {}}
 * &lt;- {"event": "DEVICE_DELETED", "data": {...}}
 * </pre>
 *
 * A command without an expected reply must succeed. Expected events are matched in order
 * against the events the engine emitted, ignoring timestamps. {@code $DIR} is the directory
 * the images live in; generated node names are written {@code #AUTO}. Lines
 * {@code # qemu-img create ...} create images (qcow2 chains, for example) in that directory
 * before the commands run, in the order written (see {@link ImageDirective}).
 */
public record Transcript(Path file, String title, Map<String, Long> images, List<ImageDirective> created,
                         List<Step> steps) {
    /** One command and what should come back; line numbers point into the file. */
    public record Step(int line, String command, JsonNode expectedReply, int replyLine, List<Expected> events) {
    }

    public record Expected(int line, JsonNode message) {
    }

    /** A malformed transcript, reported as file:line: message. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(Path file, int line, String message) {
            super(file + ":" + line + ": " + message, null, false, false);
        }
    }

    public static Transcript parse(Path file) throws IOException, Invalid {
        List<String> lines = Files.readAllLines(file);
        String title = null;
        Map<String, Long> images = new LinkedHashMap<>();
        List<ImageDirective> created = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        String command = null;
        int commandLine = 0;
        JsonNode reply = null;
        int replyLine = 0;
        List<Expected> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int no = i + 1;
            String l = lines.get(i).strip();
            if (l.isEmpty()) continue;
            if (l.startsWith("#")) {
                String c = l.substring(1).strip();
                if (c.startsWith("images:")) {
                    for (String spec : c.substring("images:".length()).trim().split("\\s+")) {
                        String[] kv = spec.split("=", 2);
                        try {
                            images.put(kv[0], SizeSuffix.parse(kv[1]));
                        } catch (RuntimeException e) {
                            throw new Invalid(file, no, "bad image '" + spec + "'; expected NAME=SIZE such as disk.img=64M");
                        }
                    }
                } else if (ImageDirective.matches(c)) {
                    created.add(ImageDirective.parse(file, no, c));
                } else if (title == null && !c.isEmpty()) {
                    title = c;
                }
                continue;
            }
            if (l.startsWith("->")) {
                if (command != null) steps.add(new Step(commandLine, command, reply, replyLine, events));
                command = l.substring(2).strip();
                commandLine = no;
                json(file, no, command);
                reply = null;
                events = new ArrayList<>();
            } else if (l.startsWith("<-")) {
                if (command == null) throw new Invalid(file, no, "'<-' before any '->' command");
                JsonNode m = json(file, no, l.substring(2).strip());
                if (m.has("event")) {
                    events.add(new Expected(no, m));
                } else {
                    if (reply != null) throw new Invalid(file, no, "a second reply for the command on line " + commandLine);
                    reply = m;
                    replyLine = no;
                }
            } else {
                throw new Invalid(file, no, "expected '-> command', '<- reply' or '# comment', found: " + l);
            }
        }
        if (command != null) steps.add(new Step(commandLine, command, reply, replyLine, events));
        return new Transcript(file, title != null ? title : file.getFileName().toString(), images, List.copyOf(created),
                steps);
    }

    private static JsonNode json(Path file, int line, String text) throws Invalid {
        try {
            return QmpJson.read(text);
        } catch (JsonProcessingException e) {
            throw new Invalid(file, line, "not JSON: " + e.getOriginalMessage());
        }
    }
}
