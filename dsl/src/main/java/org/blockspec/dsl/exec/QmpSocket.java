package org.blockspec.dsl.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.qmp.QmpJson;

/** A QMP client on a unix socket: the greeting, then replies, with events kept aside. */
public final class QmpSocket implements AutoCloseable {
    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;
    private final JsonNode greeting;
    private final List<JsonNode> events = new ArrayList<>();

    private QmpSocket(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(channel);
        this.greeting = read();
    }

    /**
     * Connects, retrying until {@code deadlineNanos} (System.nanoTime) while the socket does not
     * exist or does not listen yet: its file appears at bind(), a moment before listen().
     */
    public static QmpSocket connect(Path sock, long deadlineNanos) throws IOException, InterruptedException {
        return new QmpSocket(open(sock, deadlineNanos));
    }

    /** The connected channel alone, with the same retries. */
    public static SocketChannel open(Path sock, long deadlineNanos) throws IOException, InterruptedException {
        while (true) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(sock));
                return ch;
            } catch (java.net.SocketException e) { // refused, or the file is not there yet
                ch.close();
                if (System.nanoTime() > deadlineNanos) throw e;
                Thread.sleep(20);
            }
        }
    }

    public JsonNode greeting() { return greeting; }

    /** Events received so far, oldest first. */
    public List<JsonNode> events() { return events; }

    /** Writes raw text as it is. */
    public void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends one message and returns its reply; events that arrive meanwhile are kept. */
    public JsonNode send(String message) throws IOException {
        write(message + "\n");
        while (true) {
            JsonNode m = read();
            if (m.has("event")) events.add(m);
            else return m;
        }
    }

    private JsonNode read() throws IOException {
        String line = in.readLine();
        if (line == null) throw new IOException("the QMP peer closed the connection");
        return QmpJson.read(line);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
