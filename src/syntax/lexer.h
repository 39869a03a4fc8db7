/* syntax/lexer.h: source bytes -> tokens (language.md §1, §5a, §5b item 2).
 * The whole range is tokenized up front into an arena array so the parser
 * gets free lookahead. Literals are decoded here; a lexical error becomes a
 * TOK_ERROR token (message in 'text') that ends the array: the parser reports
 * it if and when it reaches it, so only the first error of a file is shown. */
#ifndef BESKID_SYNTAX_LEXER_H
#define BESKID_SYNTAX_LEXER_H
#include <stdbool.h>
#include <stdint.h>

#include "support/arena.h"
#include "support/intern.h"
#include "support/source.h"

typedef enum TokenKind {
#define TOK(id, text) TOK_##id,
#include "syntax/tokens.def"
#undef TOK
    TOK__COUNT
} TokenKind;

/* One piece of an interpolated string: decoded text, or the source range of
 * the expression between `${` and `}` (the parser tokenizes it on demand). */
typedef struct StringPart {
    bool is_expr;
    const char *text; /* text parts: decoded, NUL-terminated */
    uint32_t len;
    Span span;        /* text: its source bytes; expr: the bytes inside `${ }` */
} StringPart;

typedef struct Token {
    TokenKind kind;
    Span span;
    bool is_interpolated; /* STRING: has `${`; see parts */
    union {               /* by kind: one token is tens of thousands in a big file */
        Symbol ident;     /* IDENT */
        struct {
            uint64_t int_value; /* INT: magnitude */
            bool overflowed;    /* INT: digits exceed 64 bits */
        };
        double float_value;  /* FLOAT */
        uint32_t char_value; /* CHAR: Unicode scalar */
        struct {
            const char *text; /* STRING (plain): decoded bytes; DOC: the line; ERROR: message */
            uint32_t len;
        };
        struct {
            StringPart *parts; /* STRING (interpolated) */
            uint32_t part_count;
        };
    };
} Token;

typedef struct TokenList {
    Token *items;
    uint32_t count; /* the last token is TOK_EOF or TOK_ERROR */
} TokenList;

/* Tokenizes bytes [start, end) of 'src' (file index 'file'). The token
 * array lives in 'arena'; what the tokens point to (decoded text) always does. */
TokenList lexer_tokenize(Arena *arena, Interner *interner, const SourceFile *src, uint32_t file, uint32_t start,
                         uint32_t end);
/* The same with the token array on the heap, for a whole file: the tokens are
 * dead once the file is parsed, so lexer_free_tokens gives their memory back
 * instead of keeping it for the whole compilation. */
TokenList lexer_tokenize_heap(Arena *arena, Interner *interner, const SourceFile *src, uint32_t file);
void lexer_free_tokens(TokenList *tokens);
/* ---- comments as trivia (the formatter, the language server) ----
 * The parser never sees comments except `///` doc lines (TOK_DOC). A tool that
 * must keep them (syntax/fmt.h, semantic tokens) asks the lexer for a side list:
 * every comment of the range, in source order, with its exact source span
 * (the bytes from the first `/` to the end of the line, without the line
 * ending, or to the end of the closing star-slash of a block comment). A `///` line is both
 * a TOK_DOC token and a LEXER_COMMENT_DOC entry; `//` with 2 or 4+ slashes is
 * LEXER_COMMENT_LINE. */
typedef enum LexerCommentKind {
    LEXER_COMMENT_LINE,  /* `// …` */
    LEXER_COMMENT_DOC,   /* `/// …` */
    LEXER_COMMENT_BLOCK, /* a block comment, possibly over several lines */
} LexerCommentKind;

typedef struct LexerComment {
    LexerCommentKind kind;
    Span span;
} LexerComment;

typedef struct LexerCommentList {
    LexerComment *items; /* in the arena, sorted by span.start */
    uint32_t count;
} LexerCommentList;

/* lexer_tokenize over the whole file that also fills '*comments' (arena
 * memory). After a lexical error (a TOK_ERROR last token) the list holds the
 * comments before it. */
TokenList lexer_tokenize_trivia(Arena *arena, Interner *interner, const SourceFile *src, uint32_t file,
                                LexerCommentList *comments);
/* How a token kind is named in messages: "`;`", "identifier", "end of file". */
const char *lexer_token_name(TokenKind kind);
#endif
