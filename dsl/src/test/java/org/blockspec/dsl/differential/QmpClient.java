package org.blockspec.dsl.differential;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.qmp.QmpJson;

/**
 * A minimal QMP client over any byte streams: a QEMU socket or a blockspec process's stdio.
 * A peer that stays silent for a minute fails the test instead of hanging it.
 */
final class QmpClient {
    private static final long REPLY_TIMEOUT_SECONDS = 60;
    private static final String CLOSED = "\0closed";

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final OutputStream out;
    private final List<JsonNode> events = new ArrayList<>();
    private final JsonNode greeting;

    QmpClient(InputStream in, OutputStream out) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Thread.ofPlatform().daemon().name("qmp-client-reader").start(() -> {
            try {
                for (String l; (l = reader.readLine()) != null; ) lines.add(l);
            } catch (IOException e) {
                // the peer went away; the reader ends like at end of stream
            }
            lines.add(CLOSED);
        });
        this.out = out;
        this.greeting = readMessage();
    }

    JsonNode greeting() { return greeting; }

    /** Sends one message and returns its reply; events that arrive meanwhile are kept. */
    JsonNode send(String message) throws IOException {
        out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        while (true) {
            JsonNode m = readMessage();
            if (m.has("event")) events.add(m);
            else return m;
        }
    }

    List<JsonNode> events() { return events; }

    private JsonNode readMessage() throws IOException {
        String line;
        try {
            line = lines.poll(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the QMP peer", e);
        }
        if (line == null) throw new IOException("no message from the QMP peer within " + REPLY_TIMEOUT_SECONDS + " s");
        if (line == CLOSED) { // the sentinel itself, not a line with its text
            lines.add(CLOSED); // stays closed for later reads
            throw new IOException("QMP peer closed the connection");
        }
        return QmpJson.read(line);
    }
}
