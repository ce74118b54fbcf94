package org.blockspec.engine.qmp.json;

import java.nio.charset.StandardCharsets;

/** One lexed token and its raw bytes (QMP input is bytes; strings are decoded by the parser). */
record Token(TokenType type, byte[] bytes) {
    /** The bytes as text for messages; invalid UTF-8 shows as U+FFFD, as QEMU's output does. */
    String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
