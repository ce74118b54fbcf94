package org.blockspec.dsl.differential;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.qmp.QmpJson;

/** A minimal QMP client over any byte streams: a QEMU socket or a blockspec process's stdio. */
final class QmpClient {
    private final BufferedReader in;
    private final OutputStream out;
    private final List<JsonNode> events = new ArrayList<>();
    private final JsonNode greeting;

    QmpClient(InputStream in, OutputStream out) throws IOException {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
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
        String line = in.readLine();
        if (line == null) throw new IOException("QMP peer closed the connection");
        return QmpJson.read(line);
    }
}
