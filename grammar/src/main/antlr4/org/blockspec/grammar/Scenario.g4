/*
 * The blockspec scenario language: a readable description of block graphs, guest devices,
 * permissions and QMP sequences. See docs/language.md for the guide.
 *
 * Statements are line oriented: a newline ends a step, braces group. '#' starts a comment.
 * Bare words carry names, drivers, numbers (64k, 0x1000) and options; the compiler gives
 * them meaning, so keywords are only keywords where the grammar expects one.
 */
grammar Scenario;

file        : nl* (feature nl+)? (background nl+)? scenario (nl+ scenario)* nl* EOF ;

feature     : FEATURE STRING tags? ;
background  : BACKGROUND block ;
scenario    : SCENARIO STRING tags? variants? block ;
tags        : TAG+ ;
variants    : WITH variant (',' variant)* ;
variant     : word IN '[' nl* value (nl* ',' nl* value)* nl* ']' ;

block       : '{' nl* (step (nl+ step)*)? nl* '}' ;

step
    : IMAGE name=word format=word size=word (BACKING backing=word backingFormat=word?)? option*
                                                                                           # imageStep
    | NODE name=word driver=word option*                                                   # nodeStep
    | NODE object                                                                          # nodeJsonStep
    | REOPEN name=word driver=word option*                                                 # reopenStep
    | DEVICE id=word model=word option*                                                    # deviceStep
    | DELETE kind=(NODE | DEVICE) word                                                     # deleteStep
    | QMP command=word object?                                                             # qmpStep
    | ARROW RETURN json                                                                    # qmpReturnStep
    | ARROW ERROR errorClass=WORD? matcher                                                 # qmpErrorStep
    | IO target=word ioArg+                                                                # ioStep
    | PROCESS word block                                                                   # processStep
    | CLOCK kind=word                                                                      # clockStep
    | EXPECT ERROR errorClass=WORD? matcher                                                # expectErrorStep
    | EXPECT GRAPH EXACTLY? '{' nl* (graphLine (nl+ graphLine)*)? nl* '}'                 # expectGraphStep
    | EXPECT PERMS edge=graphRef (ARROW child=graphRef)? REQUIRES required=permSet SHARES shared=permSet
                                                                                           # expectPermsStep
    | EXPECT EVENT name=word object?                                                       # expectEventStep
    | EXPECT DATA target=word range? dataCheck                                             # expectDataStep
    | EXPECT LOCKS image=word HOLDS held=permSet UNSHARES unshared=permSet                 # expectLocksStep
    | EXPECT ELAPSED duration=word                                                         # expectElapsedStep
    | JOB id=word type=word option*                                                        # jobStep
    | verb=word api=(JOB | BLOCK_JOB) id=word option*                                      # jobVerbStep
    | RUN UNTIL JOB id=word state=word within?                                             # runUntilJobStep
    | RUN UNTIL EVENT name=word object? within?                                            # runUntilEventStep
    | RUN JOB id=word FOR count=word CHUNKS within?                                        # runChunksStep
    | RUN FOR duration=word                                                                # runForStep
    | EXPECT JOB id=word state=word option*                                                # expectJobStep
    | EXPECT JOB id=word EVENTS EXACTLY? '{' nl* (jobEvent (nl+ jobEvent)*)? nl* '}'      # expectJobEventsStep
    ;

within      : WITHIN duration=word ;
jobEvent    : name=word object? ;

option      : key=word '=' optionValue ;
optionValue : nested | value ;
nested      : '{' nl* driver=word (nl* option)* nl* '}' ;

ioArg       : word | STRING ;
range       : offset=word length=word ;
dataCheck   : PATTERN word | ZEROES | EQUALS word ;

graphLine
    : graphRef ':' driver=word                # graphNodeDriver
    | graphRef '=' graphRef                   # graphSameNode
    | graphRef ARROW graphRef                 # graphEdge
    ;
graphRef    : word ;
permSet     : '{' (word (',' word)*)? '}' ;

json        : object | array | STRING | word | fuzzy ;
object      : '{' nl* (pair (nl* ',' nl* pair)*)? nl* '}' ;
pair        : STRING nl* ':' nl* json ;
array       : '[' nl* (json (nl* ',' nl* json)*)? nl* ']' ;
fuzzy       : ANY (NUMBER | STRING_KW)? | MATCHES STRING ;
matcher     : STRING | MATCHES STRING ;

value       : word | STRING ;
word        : WORD | VAR
            | FEATURE | BACKGROUND | SCENARIO | WITH | IN | IMAGE | BACKING | NODE | REOPEN | DEVICE | DELETE | QMP
            | RETURN | ERROR | IO | PROCESS | EXPECT | GRAPH | EXACTLY | PERMS | REQUIRES | SHARES | EVENT
            | DATA | PATTERN | ZEROES | EQUALS | ANY | NUMBER | STRING_KW | MATCHES | LOCKS | HOLDS | UNSHARES | CLOCK | ELAPSED
            | JOB | BLOCK_JOB | RUN | UNTIL | FOR | CHUNKS | WITHIN | EVENTS ;
nl          : NL ;

FEATURE     : 'feature' ;
BACKGROUND  : 'background' ;
SCENARIO    : 'scenario' ;
WITH        : 'with' ;
IN          : 'in' ;
IMAGE       : 'image' ;
REOPEN      : 'reopen' ;
BACKING     : 'backing' ;
NODE        : 'node' ;
DEVICE      : 'device' ;
DELETE      : 'delete' ;
QMP         : 'qmp' ;
RETURN      : 'return' ;
ERROR       : 'error' ;
IO          : 'io' ;
PROCESS     : 'process' ;
EXPECT      : 'expect' ;
GRAPH       : 'graph' ;
EXACTLY     : 'exactly' ;
PERMS       : 'perms' ;
REQUIRES    : 'requires' ;
SHARES      : 'shares' ;
EVENT       : 'event' ;
DATA        : 'data' ;
PATTERN     : 'pattern' ;
ZEROES      : 'zeroes' ;
EQUALS      : 'equals' ;
ANY         : 'any' ;
NUMBER      : 'number' ;
STRING_KW   : 'string' ;
MATCHES     : 'matches' ;
LOCKS       : 'locks' ;
HOLDS       : 'holds' ;
UNSHARES    : 'unshares' ;
CLOCK       : 'clock' ;
ELAPSED     : 'elapsed' ;
JOB         : 'job' ;
BLOCK_JOB   : 'block-job' ;
RUN         : 'run' ;
UNTIL       : 'until' ;
FOR         : 'for' ;
CHUNKS      : 'chunks' | 'chunk' ;
WITHIN      : 'within' ;
EVENTS      : 'events' ;

ARROW       : '->' ;
TAG         : '@' [A-Za-z0-9_.-]+ ;
VAR         : '$' [A-Za-z_] [A-Za-z0-9_]* ;
STRING      : '"' ( '\\' . | ~["\\\r\n] )* '"' ;
WORD        : [A-Za-z0-9_./*-]+ ;
NL          : '\r'? '\n' ;
COMMENT     : '#' ~[\r\n]* -> skip ;
WS          : [ \t]+ -> skip ;
LINE_JOIN   : '\\' [ \t]* '\r'? '\n' -> skip ;
ERRCHAR     : . ;
