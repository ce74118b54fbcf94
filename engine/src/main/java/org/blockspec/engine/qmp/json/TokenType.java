package org.blockspec.engine.qmp.json;

/** The tokens QEMU's JSON lexer produces for QMP input (no interpolation). */
enum TokenType {
    LCURLY, RCURLY, LSQUARE, RSQUARE, COLON, COMMA, INTEGER, FLOAT, KEYWORD, STRING, ERROR
}
