package org.blockspec.engine.qmp;

import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.qmp.json.QmpInput;

/**
 * One QMP monitor connection: greeting, capabilities negotiation, commands in, replies and
 * events out. Input may arrive in any chunks; output is one JSON text per message, handed to
 * the sink on the engine's event loop so replies and events keep their order.
 */
public final class QmpMonitor implements AutoCloseable {
    private final Engine engine;
    private final Consumer<String> out;
    private final QmpInput input;
    private final AutoCloseable subscription;
    private volatile boolean commandMode;
    private volatile boolean oob;

    public QmpMonitor(Engine engine, Consumer<String> out) {
        this.engine = engine;
        this.out = out;
        this.input = new QmpInput(this::onMessage, this::onParseError);
        this.subscription = engine.events().subscribe(e -> {
            // Events reach a monitor only once it left negotiation mode, as in QEMU.
            if (commandMode) out.accept(write(e.toJson()));
        });
    }

    public Engine engine() { return engine; }

    public boolean commandMode() { return commandMode; }

    public void enterCommandMode(boolean enableOob) {
        commandMode = true;
        oob = enableOob;
    }

    boolean oobEnabled() { return oob; }

    /** Sends the greeting; call once when the connection opens. */
    public void greet() {
        out.accept(write(engine.qmp().greeting()));
    }

    /** Feeds raw input bytes; complete messages are executed in order. */
    public synchronized void feed(byte[] data, int offset, int length) {
        input.feed(data, offset, length);
    }

    /** Feeds input text (as its UTF-8 bytes). */
    public synchronized void feed(CharSequence text) {
        input.feed(text);
    }

    /** End of input: a trailing bare word is still answered. */
    public synchronized void finish() {
        input.finish();
    }

    /** Runs one complete message and returns the reply (also written to the sink). */
    public JsonNode execute(String message) {
        return engine.loop().call(() -> {
            JsonNode reply = engine.qmp().dispatch(this, message);
            out.accept(write(reply));
            return reply;
        });
    }

    private void onMessage(JsonNode message) {
        if (engine.quitRequested().isDone()) return; // like QEMU, nothing after quit is answered
        engine.loop().call(() -> {
            out.accept(write(engine.qmp().dispatch(this, message)));
            return null;
        });
    }

    private void onParseError(String desc) {
        if (engine.quitRequested().isDone()) return;
        engine.loop().call(() -> {
            out.accept(write(QmpDispatcher.errorReply(QmpError.generic(desc), null)));
            return null;
        });
    }

    static String write(JsonNode n) {
        return QmpJson.write(n);
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
