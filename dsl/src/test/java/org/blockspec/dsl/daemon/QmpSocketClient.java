package org.blockspec.dsl.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.qmp.QmpJson;

/** A QMP client on a unix socket that keeps events apart from replies. */
final class QmpSocketClient implements AutoCloseable {
    private final SocketChannel ch;
    private final BufferedReader in;
    private final OutputStream out;
    final JsonNode greeting;
    final List<JsonNode> events = new ArrayList<>();

    private QmpSocketClient(SocketChannel ch) throws IOException {
        this.ch = ch;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(ch);
        this.greeting = read();
    }

    static QmpSocketClient connect(Path sock) throws IOException, InterruptedException {
        return new QmpSocketClient(org.blockspec.dsl.differential.QmpPeerAccess.connect(sock,
                System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
    }

    /** Writes raw text (no newline added). */
    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    JsonNode send(String message) throws IOException {
        write(message + "\n");
        return reply();
    }

    /** The next reply; events read meanwhile are kept. */
    JsonNode reply() throws IOException {
        while (true) {
            JsonNode m = read();
            if (m.has("event")) events.add(m);
            else return m;
        }
    }

    JsonNode read() throws IOException {
        String line = in.readLine();
        if (line == null) throw new IOException("QMP peer closed the connection");
        return QmpJson.read(line);
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
