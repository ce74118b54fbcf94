package org.blockspec.engine.qmp.json;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * QEMU's JSON parser over one message's tokens, with its error texts: the first error found
 * is the one reported. Integers are 64-bit signed, else unsigned, else doubles, as QEMU
 * represents them; strings follow QEMU's escapes (including {@code \'}) and UTF-8 rules.
 */
final class TokenParser {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** A parse error: the message without QEMU's "JSON parse error, " prefix. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final List<Token> tokens;
    private int pos;

    private TokenParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static JsonNode parse(List<Token> tokens) throws Failure {
        return new TokenParser(tokens).value();
    }

    private Token peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private Token pop() throws Failure {
        Token t = peek();
        if (t == null) throw new Failure("premature EOI");
        pos++;
        return t;
    }

    private JsonNode value() throws Failure {
        Token t = peek();
        if (t == null) throw new Failure("premature EOI");
        return switch (t.type()) {
            case LCURLY -> object();
            case LSQUARE -> array();
            case INTEGER, FLOAT, STRING -> literal();
            case KEYWORD -> keyword();
            default -> throw new Failure("expecting value");
        };
    }

    private JsonNode object() throws Failure {
        pop();
        ObjectNode o = F.objectNode();
        if (peek() == null) throw new Failure("premature EOI");
        if (peek().type() == TokenType.RCURLY) {
            pop();
            return o;
        }
        pair(o);
        for (Token t = pop(); t.type() != TokenType.RCURLY; t = pop()) {
            if (t.type() != TokenType.COMMA) throw new Failure("expected separator in dict");
            pair(o);
        }
        return o;
    }

    private void pair(ObjectNode o) throws Failure {
        if (peek() == null) throw new Failure("premature EOI");
        JsonNode key = value();
        if (!key.isTextual()) throw new Failure("key is not a string in object");
        if (pop().type() != TokenType.COLON) throw new Failure("missing : in object pair");
        JsonNode v = value();
        if (o.has(key.textValue())) throw new Failure("duplicate key");
        o.set(key.textValue(), v);
    }

    private JsonNode array() throws Failure {
        pop();
        ArrayNode a = F.arrayNode();
        if (peek() == null) throw new Failure("premature EOI");
        if (peek().type() == TokenType.RSQUARE) {
            pop();
            return a;
        }
        a.add(value());
        for (Token t = pop(); t.type() != TokenType.RSQUARE; t = pop()) {
            if (t.type() != TokenType.COMMA) throw new Failure("expected separator in list");
            a.add(value());
        }
        return a;
    }

    private JsonNode keyword() throws Failure {
        String word = pop().text();
        return switch (word) {
            case "true" -> F.booleanNode(true);
            case "false" -> F.booleanNode(false);
            case "null" -> F.nullNode();
            default -> throw new Failure("invalid keyword '" + word + "'");
        };
    }

    private JsonNode literal() throws Failure {
        Token t = pop();
        String text = t.text();
        if (t.type() == TokenType.STRING) return F.textNode(string(t.bytes()));
        if (t.type() == TokenType.INTEGER) {
            try {
                return F.numberNode(Long.parseLong(text));
            } catch (NumberFormatException beyondInt64) {
                if (!text.startsWith("-")) {
                    BigInteger big = new BigInteger(text);
                    if (big.compareTo(UINT64_MAX) <= 0) return F.numberNode(big);
                }
            }
        }
        return F.numberNode(Double.parseDouble(text)); // beyond range: an infinity, as strtod gives
    }

    /** The string token's value, quotes and escapes removed. */
    private static String string(byte[] s) throws Failure {
        byte quote = s[0];
        int end = s.length; // bytes past the token read as NUL, as in QEMU's C string
        StringBuilder out = new StringBuilder();
        int p = 1;
        while (p < end && s[p] != quote) {
            if (s[p] != '\\') {
                long d = ModifiedUtf8.decode(s, p, end);
                int cp = ModifiedUtf8.codePoint(d);
                if (cp < 0) throw new Failure("invalid UTF-8 sequence in string");
                out.appendCodePoint(cp);
                p = ModifiedUtf8.next(d);
                continue;
            }
            int beg = p++;
            int e = p < end ? s[p++] & 0xff : 0;
            switch (e) {
                case '"', '\'', '\\', '/' -> out.append((char) e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    int cp = hex4(s, p, end);
                    p += 4;
                    if (cp >= 0xD800 && cp <= 0xDBFF && at(s, p, end) == '\\' && at(s, p + 1, end) == 'u') {
                        int trailing = hex4(s, p + 2, end);
                        if (trailing >= 0xDC00 && trailing <= 0xDFFF) {
                            cp = 0x10000 + ((cp & 0x3FF) << 10) | (trailing & 0x3FF);
                            p += 6;
                        } else {
                            cp = -1;
                        }
                    }
                    if (!ModifiedUtf8.valid(cp)) {
                        String seq = new String(s, beg, Math.min(p, end) - beg, StandardCharsets.UTF_8);
                        throw new Failure(seq + " is not a valid Unicode character");
                    }
                    out.appendCodePoint(cp);
                }
                default -> throw new Failure("invalid escape sequence in string");
            }
        }
        return out.toString();
    }

    private static int at(byte[] s, int i, int end) {
        return i < end ? s[i] & 0xff : 0;
    }

    private static int hex4(byte[] s, int p, int end) {
        int cp = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(at(s, p + i, end), 16);
            if (d < 0) return -1;
            cp = cp << 4 | d;
        }
        return cp;
    }
}
