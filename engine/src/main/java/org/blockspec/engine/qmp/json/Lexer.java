package org.blockspec.engine.qmp.json;

import java.io.ByteArrayOutputStream;
import java.util.function.BiConsumer;

/**
 * QEMU's JSON lexer as a byte-level state machine, with its error recovery: a byte that
 * cannot continue a token ends it as an error token (the byte included), then input is
 * skipped up to a structural character, a control character or 0xFE/0xFF, where lexing
 * starts afresh. Strings may be double- or single-quoted and take any byte 0x20..0xFD;
 * keywords are lower-case words the parser judges; numbers follow RFC 8259.
 */
final class Lexer {
    private enum State {
        RECOVERY, DQ_STRING_ESCAPE, DQ_STRING, SQ_STRING_ESCAPE, SQ_STRING, ZERO, EXP_DIGITS, EXP_SIGN, EXP_E,
        MANTISSA, MANTISSA_DIGITS, DIGITS, SIGN, KEYWORD, START
    }

    /** What a byte does in a state: go on in a state, or end a token (with or without the byte). */
    private record Step(State next, TokenType token, boolean consumed) {
        static Step to(State s) { return new Step(s, null, true); }

        static Step emit(TokenType t) { return new Step(null, t, true); }

        static Step emitBefore(TokenType t) { return new Step(null, t, false); }

        static Step restart() { return new Step(State.START, null, false); }

        static final Step ERROR = new Step(null, TokenType.ERROR, true);
    }

    private final BiConsumer<TokenType, byte[]> tokens;
    private final ByteArrayOutputStream token = new ByteArrayOutputStream();
    private State state = State.START;

    Lexer(BiConsumer<TokenType, byte[]> tokens) {
        this.tokens = tokens;
    }

    void feed(byte b) {
        boolean consumed = false;
        while (!consumed) {
            Step s = step(state, b & 0xff);
            consumed = s.consumed();
            if (consumed) token.write(b);
            if (s.token() == TokenType.ERROR) {
                emit(TokenType.ERROR);
                state = State.RECOVERY;
            } else if (s.token() != null) {
                emit(s.token());
                state = State.START;
            } else {
                if (s.next() == State.START || s.next() == State.RECOVERY) token.reset();
                state = s.next();
            }
        }
    }

    /** End of input: a token in progress ends as the next byte were a NUL would end it. */
    void flush() {
        while (state != State.START) {
            Step s = step(state, 0);
            if (s.token() != null) {
                emit(s.token());
                state = s.token() == TokenType.ERROR ? State.RECOVERY : State.START;
            } else {
                token.reset();
                state = s.next();
            }
        }
        token.reset();
    }

    private void emit(TokenType t) {
        tokens.accept(t, token.toByteArray());
        token.reset();
    }

    private static boolean digit(int b) { return b >= '0' && b <= '9'; }

    private static Step step(State s, int b) {
        return switch (s) {
            case RECOVERY -> b == '\t' || (b >= 0x20 && b <= 0xfd && "[]{}:,".indexOf(b) < 0)
                    ? Step.to(State.RECOVERY) : Step.restart();
            case DQ_STRING_ESCAPE -> b >= 0x20 && b <= 0xfd ? Step.to(State.DQ_STRING) : Step.ERROR;
            case SQ_STRING_ESCAPE -> b >= 0x20 && b <= 0xfd ? Step.to(State.SQ_STRING) : Step.ERROR;
            case DQ_STRING -> b == '"' ? Step.emit(TokenType.STRING) : b == '\\' ? Step.to(State.DQ_STRING_ESCAPE)
                    : b >= 0x20 && b <= 0xfd ? Step.to(State.DQ_STRING) : Step.ERROR;
            case SQ_STRING -> b == '\'' ? Step.emit(TokenType.STRING) : b == '\\' ? Step.to(State.SQ_STRING_ESCAPE)
                    : b >= 0x20 && b <= 0xfd ? Step.to(State.SQ_STRING) : Step.ERROR;
            case ZERO -> digit(b) ? Step.ERROR : b == '.' ? Step.to(State.MANTISSA) : Step.emitBefore(TokenType.INTEGER);
            case EXP_DIGITS -> digit(b) ? Step.to(State.EXP_DIGITS) : Step.emitBefore(TokenType.FLOAT);
            case EXP_SIGN -> digit(b) ? Step.to(State.EXP_DIGITS) : Step.ERROR;
            case EXP_E -> b == '-' || b == '+' ? Step.to(State.EXP_SIGN) : digit(b) ? Step.to(State.EXP_DIGITS) : Step.ERROR;
            case MANTISSA_DIGITS -> digit(b) ? Step.to(State.MANTISSA_DIGITS)
                    : b == 'e' || b == 'E' ? Step.to(State.EXP_E) : Step.emitBefore(TokenType.FLOAT);
            case MANTISSA -> digit(b) ? Step.to(State.MANTISSA_DIGITS) : Step.ERROR;
            case DIGITS -> digit(b) ? Step.to(State.DIGITS) : b == 'e' || b == 'E' ? Step.to(State.EXP_E)
                    : b == '.' ? Step.to(State.MANTISSA) : Step.emitBefore(TokenType.INTEGER);
            case SIGN -> b == '0' ? Step.to(State.ZERO) : b >= '1' && b <= '9' ? Step.to(State.DIGITS) : Step.ERROR;
            case KEYWORD -> b >= 'a' && b <= 'z' ? Step.to(State.KEYWORD) : Step.emitBefore(TokenType.KEYWORD);
            case START -> switch (b) {
                case '"' -> Step.to(State.DQ_STRING);
                case '\'' -> Step.to(State.SQ_STRING);
                case '0' -> Step.to(State.ZERO);
                case '-' -> Step.to(State.SIGN);
                case '{' -> Step.emit(TokenType.LCURLY);
                case '}' -> Step.emit(TokenType.RCURLY);
                case '[' -> Step.emit(TokenType.LSQUARE);
                case ']' -> Step.emit(TokenType.RSQUARE);
                case ',' -> Step.emit(TokenType.COMMA);
                case ':' -> Step.emit(TokenType.COLON);
                case ' ', '\t', '\r', '\n' -> Step.to(State.START);
                default -> b >= '1' && b <= '9' ? Step.to(State.DIGITS)
                        : b >= 'a' && b <= 'z' ? Step.to(State.KEYWORD) : Step.ERROR;
            };
        };
    }
}
