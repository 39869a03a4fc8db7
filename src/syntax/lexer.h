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
    Symbol ident;        /* IDENT */
    uint64_t int_value;  /* INT: magnitude */
    bool overflowed;     /* INT: digits exceed 64 bits */
    double float_value;  /* FLOAT */
    uint32_t char_value; /* CHAR: Unicode scalar */
    const char *text;    /* STRING (plain): decoded bytes; DOC: the line; ERROR: message */
    uint32_t len;
    bool is_interpolated; /* STRING: has `${`; see parts */
    StringPart *parts;
    uint32_t part_count;
} Token;

typedef struct TokenList {
    Token *items;
    uint32_t count; /* the last token is TOK_EOF or TOK_ERROR */
} TokenList;

/* Tokenizes bytes [start, end) of 'src' (file index 'file'). */
TokenList lexer_tokenize(Arena *arena, Interner *interner, const SourceFile *src, uint32_t file, uint32_t start,
                         uint32_t end);
/* How a token kind is named in messages: "`;`", "identifier", "end of file". */
const char *lexer_token_name(TokenKind kind);
#endif
