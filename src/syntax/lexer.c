/* syntax/lexer.c: the tokenizer. Maximal munch everywhere (keywords are whole
 * tokens, `===` before `==`, `<=` before `<`); string and char escapes are
 * decoded; `${ … }` parts of strings are located here and parsed later by the
 * parser. Comments vanish except `///` doc lines, which become TOK_DOC. */
#include "syntax/lexer.h"

#include <stdlib.h>
#include <string.h>

#include "support/check.h"
#include "support/vec.h"

#define MAX_STRING_NESTING 256

typedef struct Lexer {
    Arena *arena;
    Interner *interner;
    const char *text;
    uint32_t file;
    uint32_t pos;
    uint32_t end;
    Token *tokens; /* in 'arena', or on the heap when 'heap' */
    uint32_t count, cap;
    bool heap;
    bool failed;
    bool keep_comments; /* lexer_tokenize_trivia: fill 'comments' */
    LexerComment *comments;
    uint32_t comment_count, comment_cap;
} Lexer;

static const char *const token_names[] = {
#define TOK(id, text) text,
#include "syntax/tokens.def"
#undef TOK
};

const char *lexer_token_name(TokenKind kind)
{
    if ((unsigned)kind >= TOK__COUNT)
        return "token";
    return token_names[kind];
}

static const struct {
    const char *word;
    TokenKind kind;
} keywords[] = {
    {"type", TOK_KW_TYPE},         {"enum", TOK_KW_ENUM},       {"contract", TOK_KW_CONTRACT},
    {"attribute", TOK_KW_ATTRIBUTE}, {"impl", TOK_KW_IMPL},     {"match", TOK_KW_MATCH},
    {"event", TOK_KW_EVENT},       {"when", TOK_KW_WHEN},       {"if", TOK_KW_IF},
    {"else", TOK_KW_ELSE},         {"while", TOK_KW_WHILE},     {"for", TOK_KW_FOR},
    {"in", TOK_KW_IN},             {"return", TOK_KW_RETURN},   {"break", TOK_KW_BREAK},
    {"continue", TOK_KW_CONTINUE}, {"let", TOK_KW_LET},         {"mut", TOK_KW_MUT},
    {"mod", TOK_KW_MOD},           {"use", TOK_KW_USE},         {"pub", TOK_KW_PUB},
    {"ref", TOK_KW_REF},           {"out", TOK_KW_OUT},         {"test", TOK_KW_TEST},
    {"meta", TOK_KW_META},         {"skip", TOK_KW_SKIP},       {"true", TOK_KW_TRUE},
    {"false", TOK_KW_FALSE},       {"bool", TOK_KW_BOOL},       {"i32", TOK_KW_I32},
    {"i64", TOK_KW_I64},           {"u8", TOK_KW_U8},           {"f64", TOK_KW_F64},
    {"char", TOK_KW_CHAR},         {"string", TOK_KW_STRING},   {"unit", TOK_KW_UNIT},
};

static Span span_at(const Lexer *lx, uint32_t start, uint32_t end)
{
    return (Span){lx->file, start, end};
}

static int peek_at(const Lexer *lx, uint32_t pos)
{
    return pos < lx->end ? (unsigned char)lx->text[pos] : -1;
}

static Token *push(Lexer *lx, TokenKind kind, uint32_t start, uint32_t end)
{
    if (lx->count == lx->cap) {
        if (lx->heap) {
            uint32_t cap = lx->cap ? lx->cap * 2 : 1024;
            Token *grown = realloc(lx->tokens, sizeof(Token) * cap);
            if (!grown)
                bsk_out_of_memory();
            lx->tokens = grown;
            lx->cap = cap;
        } else {
            vec_grow(lx->arena, (void **)&lx->tokens, &lx->cap, lx->count, sizeof(Token));
        }
    }
    Token *tok = &lx->tokens[lx->count++];
    memset(tok, 0, sizeof *tok);
    tok->kind = kind;
    tok->span = span_at(lx, start, end);
    return tok;
}

/* Records the lexical error and stops tokenizing. */
static void fail(Lexer *lx, uint32_t start, uint32_t end, const char *message)
{
    if (lx->failed)
        return;
    if (end <= start)
        end = start + 1 <= lx->end ? start + 1 : start;
    Token *tok = push(lx, TOK_ERROR, start, end);
    tok->text = message;
    lx->failed = true;
}

static bool is_ident_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Decodes one UTF-8 scalar at 'pos'; returns its length, or 0 when invalid. */
static uint32_t decode_utf8(const Lexer *lx, uint32_t pos, uint32_t *out)
{
    int c0 = peek_at(lx, pos);
    if (c0 < 0)
        return 0;
    if (c0 < 0x80) {
        *out = (uint32_t)c0;
        return 1;
    }
    uint32_t len, value;
    if (c0 >= 0xC2 && c0 <= 0xDF) {
        len = 2;
        value = (uint32_t)c0 & 0x1F;
    } else if (c0 >= 0xE0 && c0 <= 0xEF) {
        len = 3;
        value = (uint32_t)c0 & 0x0F;
    } else if (c0 >= 0xF0 && c0 <= 0xF4) {
        len = 4;
        value = (uint32_t)c0 & 0x07;
    } else {
        return 0;
    }
    for (uint32_t i = 1; i < len; i++) {
        int c = peek_at(lx, pos + i);
        if (c < 0 || (c & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | ((uint32_t)c & 0x3F);
    }
    if ((len == 3 && value < 0x800) || (len == 4 && (value < 0x10000 || value > 0x10FFFF)) ||
        (value >= 0xD800 && value <= 0xDFFF))
        return 0;
    *out = value;
    return len;
}

static const char *escape_message(Lexer *lx, uint32_t pos, const char *where)
{
    int c = peek_at(lx, pos + 1);
    if (c > 0x20 && c < 0x7F)
        return arena_printf(lx->arena, "invalid escape sequence `\\%c` in %s", c, where);
    return arena_printf(lx->arena, "invalid escape sequence in %s", where);
}

/* ---- comments -------------------------------------------------------------- */

static void keep_comment(Lexer *lx, LexerCommentKind kind, uint32_t start, uint32_t end)
{
    if (!lx->keep_comments)
        return;
    if (lx->comment_count == lx->comment_cap)
        vec_grow(lx->arena, (void **)&lx->comments, &lx->comment_cap, lx->comment_count, sizeof(LexerComment));
    lx->comments[lx->comment_count++] = (LexerComment){kind, span_at(lx, start, end)};
}

/* At "//": a `///` doc line becomes TOK_DOC, other line comments vanish
 * (or go to the trivia list). */
static void lex_line_comment(Lexer *lx)
{
    uint32_t start = lx->pos;
    uint32_t slashes = 0;
    while (peek_at(lx, lx->pos) == '/') {
        slashes++;
        lx->pos++;
    }
    uint32_t text_start = lx->pos;
    while (lx->pos < lx->end && lx->text[lx->pos] != '\n')
        lx->pos++;
    uint32_t line_end = lx->pos;
    if (line_end > start && lx->text[line_end - 1] == '\r')
        line_end--;
    keep_comment(lx, slashes == 3 ? LEXER_COMMENT_DOC : LEXER_COMMENT_LINE, start, line_end);
    if (slashes != 3)
        return;
    if (text_start < lx->pos && lx->text[text_start] == ' ')
        text_start++;
    uint32_t text_end = lx->pos;
    if (text_end > text_start && lx->text[text_end - 1] == '\r')
        text_end--;
    Token *tok = push(lx, TOK_DOC, start, text_end > start + 3 ? text_end : start + 3);
    tok->text = arena_strndup(lx->arena, lx->text + text_start, text_end - text_start);
    tok->len = text_end - text_start;
}

static void lex_block_comment(Lexer *lx)
{
    uint32_t start = lx->pos;
    lx->pos += 2;
    while (lx->pos + 1 < lx->end) {
        if (lx->text[lx->pos] == '*' && lx->text[lx->pos + 1] == '/') {
            lx->pos += 2;
            keep_comment(lx, LEXER_COMMENT_BLOCK, start, lx->pos);
            return;
        }
        lx->pos++;
    }
    lx->pos = lx->end;
    fail(lx, start, start + 2, "unterminated block comment");
}

/* ---- numbers ----------------------------------------------------------------- */

static void lex_number(Lexer *lx)
{
    uint32_t start = lx->pos;
    uint64_t value = 0;
    bool overflowed = false;
    while (is_digit(peek_at(lx, lx->pos))) {
        uint64_t digit = (uint64_t)(lx->text[lx->pos] - '0');
        if (value > (UINT64_MAX - digit) / 10)
            overflowed = true;
        else
            value = value * 10 + digit;
        lx->pos++;
    }
    if (peek_at(lx, lx->pos) == '.' && is_digit(peek_at(lx, lx->pos + 1))) {
        lx->pos++;
        while (is_digit(peek_at(lx, lx->pos)))
            lx->pos++;
        char *digits = arena_strndup(lx->arena, lx->text + start, lx->pos - start);
        Token *tok = push(lx, TOK_FLOAT, start, lx->pos);
        tok->float_value = strtod(digits, NULL);
        return;
    }
    Token *tok = push(lx, TOK_INT, start, lx->pos);
    tok->int_value = overflowed ? 0 : value;
    tok->overflowed = overflowed;
}

/* ---- char literals ------------------------------------------------------------ */

static void lex_char(Lexer *lx)
{
    uint32_t start = lx->pos++;
    uint32_t value = 0;
    int c = peek_at(lx, lx->pos);
    if (c < 0) {
        fail(lx, start, start + 1, "unterminated char literal");
        return;
    }
    if (c == '\'') {
        fail(lx, start, lx->pos + 1, "empty char literal");
        return;
    }
    if (c == '\\') {
        switch (peek_at(lx, lx->pos + 1)) {
        case 'n': value = '\n'; break;
        case 't': value = '\t'; break;
        case 'r': value = '\r'; break;
        case '0': value = 0; break;
        case '\\': value = '\\'; break;
        case '\'': value = '\''; break;
        default:
            fail(lx, lx->pos, lx->pos + 2, escape_message(lx, lx->pos, "char literal"));
            return;
        }
        lx->pos += 2;
    } else {
        uint32_t n = decode_utf8(lx, lx->pos, &value);
        if (n == 0) {
            fail(lx, lx->pos, lx->pos + 1, "invalid UTF-8 in char literal");
            return;
        }
        lx->pos += n;
    }
    if (peek_at(lx, lx->pos) != '\'') {
        if (lx->pos >= lx->end)
            fail(lx, start, start + 1, "unterminated char literal");
        else
            fail(lx, start, lx->pos, "char literal must contain exactly one character");
        return;
    }
    lx->pos++;
    Token *tok = push(lx, TOK_CHAR, start, lx->pos);
    tok->char_value = value;
}

/* ---- string literals ------------------------------------------------------------ */

/* How skipping an interpolation ended: nesting too deep is not "unterminated". */
typedef enum Skip { SKIP_OK, SKIP_UNTERMINATED, SKIP_TOO_DEEP } Skip;

static Skip skip_string(Lexer *lx, uint32_t *pos, int depth);

/* Finds the `}` closing an interpolation whose expression starts at '*pos':
 * the first `}` at brace depth 0 outside nested string and char literals and
 * comments. */
static Skip skip_interpolation(Lexer *lx, uint32_t *pos, int depth)
{
    int braces = 0;
    while (*pos < lx->end) {
        char c = lx->text[*pos];
        if (c == '}') {
            if (braces == 0)
                return SKIP_OK;
            braces--;
            (*pos)++;
        } else if (c == '{') {
            braces++;
            (*pos)++;
        } else if (c == '/' && *pos + 1 < lx->end && lx->text[*pos + 1] == '/') {
            while (*pos < lx->end && lx->text[*pos] != '\n')
                (*pos)++;
        } else if (c == '/' && *pos + 1 < lx->end && lx->text[*pos + 1] == '*') {
            *pos += 2;
            while (*pos + 1 < lx->end && !(lx->text[*pos] == '*' && lx->text[*pos + 1] == '/'))
                (*pos)++;
            if (*pos + 1 >= lx->end)
                return SKIP_UNTERMINATED;
            *pos += 2;
        } else if (c == '"') {
            Skip r = skip_string(lx, pos, depth + 1);
            if (r != SKIP_OK)
                return r;
        } else if (c == '\'') {
            /* 'x', '\x', '}' — skip the quoted character when it is one */
            uint32_t p = *pos + 1;
            if (p < lx->end && lx->text[p] == '\\')
                p += 2;
            else if (p < lx->end)
                p++;
            if (p < lx->end && lx->text[p] == '\'')
                *pos = p + 1;
            else
                (*pos)++;
        } else {
            (*pos)++;
        }
    }
    return SKIP_UNTERMINATED;
}

/* Skips a string literal starting at the quote at '*pos' without decoding it. */
static Skip skip_string(Lexer *lx, uint32_t *pos, int depth)
{
    if (depth > MAX_STRING_NESTING)
        return SKIP_TOO_DEEP;
    (*pos)++;
    while (*pos < lx->end) {
        char c = lx->text[*pos];
        if (c == '"') {
            (*pos)++;
            return SKIP_OK;
        }
        if (c == '\\') {
            *pos += 2;
        } else if (c == '$' && *pos + 1 < lx->end && lx->text[*pos + 1] == '{') {
            *pos += 2;
            Skip r = skip_interpolation(lx, pos, depth);
            if (r != SKIP_OK)
                return r;
            (*pos)++;
        } else {
            (*pos)++;
        }
    }
    return SKIP_UNTERMINATED;
}

typedef struct StringBuilder {
    VEC(char) bytes;
    VEC(StringPart) parts;
    uint32_t start; /* source offset of the current text part */
} StringBuilder;

static void flush_text(Lexer *lx, StringBuilder *sb, uint32_t end)
{
    if (sb->bytes.count == 0)
        return;
    StringPart part = {0};
    part.text = arena_strndup(lx->arena, sb->bytes.items, sb->bytes.count);
    part.len = sb->bytes.count;
    part.span = span_at(lx, sb->start, end);
    VEC_PUSH(lx->arena, &sb->parts, part);
    sb->bytes.count = 0;
}

static bool only_whitespace(const Lexer *lx, uint32_t start, uint32_t end)
{
    for (uint32_t i = start; i < end; i++) {
        char c = lx->text[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return false;
    }
    return true;
}

static void lex_string(Lexer *lx)
{
    uint32_t start = lx->pos++;
    StringBuilder sb = {0};
    bool interpolated = false;
    sb.start = lx->pos;
    for (;;) {
        int c = peek_at(lx, lx->pos);
        if (c < 0) {
            fail(lx, start, start + 1, "unterminated string literal");
            return;
        }
        if (c == '"')
            break;
        if (c == '\\') {
            if (lx->pos + 1 >= lx->end) {
                fail(lx, start, start + 1, "unterminated string literal");
                return;
            }
            char decoded[2] = {0, 0};
            uint32_t n = 1;
            switch (peek_at(lx, lx->pos + 1)) {
            case 'n': decoded[0] = '\n'; break;
            case 't': decoded[0] = '\t'; break;
            case 'r': decoded[0] = '\r'; break;
            case '0': decoded[0] = '\0'; break;
            case '\\': decoded[0] = '\\'; break;
            case '"': decoded[0] = '"'; break;
            case '$':
                if (peek_at(lx, lx->pos + 2) == '{') {
                    decoded[0] = '$';
                    decoded[1] = '{';
                    n = 2;
                    break;
                }
                fail(lx, lx->pos, lx->pos + 2, escape_message(lx, lx->pos, "string literal"));
                return;
            default:
                fail(lx, lx->pos, lx->pos + 2, escape_message(lx, lx->pos, "string literal"));
                return;
            }
            for (uint32_t i = 0; i < n; i++)
                VEC_PUSH(lx->arena, &sb.bytes, decoded[i]);
            lx->pos += n + 1;
            continue;
        }
        if (c == '$' && peek_at(lx, lx->pos + 1) == '{') {
            interpolated = true;
            flush_text(lx, &sb, lx->pos);
            uint32_t open = lx->pos;
            uint32_t expr_start = lx->pos + 2;
            uint32_t p = expr_start;
            Skip skipped = skip_interpolation(lx, &p, 0);
            if (skipped != SKIP_OK) {
                fail(lx, open, open + 2,
                     skipped == SKIP_TOO_DEEP ? "nesting too deep"
                                              : "unterminated interpolation `${` in string literal");
                return;
            }
            if (only_whitespace(lx, expr_start, p)) {
                fail(lx, open, p + 1, "empty interpolation `${}` in string literal");
                return;
            }
            StringPart part = {0};
            part.is_expr = true;
            part.span = span_at(lx, expr_start, p);
            VEC_PUSH(lx->arena, &sb.parts, part);
            lx->pos = p + 1;
            sb.start = lx->pos;
            continue;
        }
        if (c < 0x80) {
            VEC_PUSH(lx->arena, &sb.bytes, (char)c);
            lx->pos++;
            continue;
        }
        uint32_t scalar;
        uint32_t n = decode_utf8(lx, lx->pos, &scalar);
        if (n == 0) {
            fail(lx, lx->pos, lx->pos + 1, "invalid UTF-8 in string literal");
            return;
        }
        for (uint32_t i = 0; i < n; i++)
            VEC_PUSH(lx->arena, &sb.bytes, lx->text[lx->pos + i]);
        lx->pos += n;
    }
    uint32_t close = lx->pos++;
    Token *tok;
    if (!interpolated) {
        tok = push(lx, TOK_STRING, start, lx->pos);
        tok->text = arena_strndup(lx->arena, sb.bytes.items ? sb.bytes.items : "", sb.bytes.count);
        tok->len = sb.bytes.count;
        return;
    }
    flush_text(lx, &sb, close);
    tok = push(lx, TOK_STRING, start, lx->pos);
    tok->is_interpolated = true;
    tok->parts = sb.parts.items;
    tok->part_count = sb.parts.count;
}

/* ---- identifiers, operators ------------------------------------------------------- */

static void lex_word(Lexer *lx)
{
    uint32_t start = lx->pos;
    while (is_ident_start(peek_at(lx, lx->pos)) || is_digit(peek_at(lx, lx->pos)))
        lx->pos++;
    size_t len = lx->pos - start;
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (keywords[i].word[0] == lx->text[start] && strlen(keywords[i].word) == len &&
            memcmp(keywords[i].word, lx->text + start, len) == 0) {
            push(lx, keywords[i].kind, start, lx->pos);
            return;
        }
    Token *tok = push(lx, TOK_IDENT, start, lx->pos);
    tok->ident = intern(lx->interner, lx->text + start, len);
}

/* Longest operator at the current position (maximal munch), or TOK_ERROR. */
static TokenKind match_operator(const Lexer *lx, uint32_t *len)
{
    int c = peek_at(lx, lx->pos), c1 = peek_at(lx, lx->pos + 1), c2 = peek_at(lx, lx->pos + 2);
    *len = 1;
    switch (c) {
    case '+': if (c1 == '=') { *len = 2; return TOK_PLUS_ASSIGN; } return TOK_PLUS;
    case '-': if (c1 == '=') { *len = 2; return TOK_MINUS_ASSIGN; } return TOK_MINUS;
    case '*': if (c1 == '=') { *len = 2; return TOK_STAR_ASSIGN; } return TOK_STAR;
    case '/': if (c1 == '=') { *len = 2; return TOK_SLASH_ASSIGN; } return TOK_SLASH;
    case '%': if (c1 == '=') { *len = 2; return TOK_PERCENT_ASSIGN; } return TOK_PERCENT;
    case '!':
        if (c1 == '=') {
            *len = c2 == '=' ? 3 : 2;
            return c2 == '=' ? TOK_NOTSAME : TOK_NE;
        }
        return TOK_BANG;
    case '=':
        if (c1 == '=') {
            *len = c2 == '=' ? 3 : 2;
            return c2 == '=' ? TOK_SAME : TOK_EQ;
        }
        if (c1 == '>') { *len = 2; return TOK_ARROW; }
        return TOK_ASSIGN;
    case '<': if (c1 == '=') { *len = 2; return TOK_LE; } return TOK_LT;
    case '>': if (c1 == '=') { *len = 2; return TOK_GE; } return TOK_GT;
    case '&': if (c1 == '&') { *len = 2; return TOK_AND; } return TOK_ERROR;
    case '|': if (c1 == '|') { *len = 2; return TOK_OR; } return TOK_ERROR;
    case ':': if (c1 == ':') { *len = 2; return TOK_COLON_COLON; } return TOK_COLON;
    case '?': return TOK_QUESTION;
    case '.': return TOK_DOT;
    case ',': return TOK_COMMA;
    case ';': return TOK_SEMI;
    case '(': return TOK_LPAREN;
    case ')': return TOK_RPAREN;
    case '{': return TOK_LBRACE;
    case '}': return TOK_RBRACE;
    case '[': return TOK_LBRACKET;
    case ']': return TOK_RBRACKET;
    default: return TOK_ERROR;
    }
}

static void lex_unexpected(Lexer *lx)
{
    int c = peek_at(lx, lx->pos);
    if (c >= 0x80)
        fail(lx, lx->pos, lx->pos + 1, "non-ASCII character outside a string, char literal or comment");
    else if (c > 0x20 && c < 0x7F)
        fail(lx, lx->pos, lx->pos + 1, arena_printf(lx->arena, "unexpected character `%c`", c));
    else
        fail(lx, lx->pos, lx->pos + 1, arena_printf(lx->arena, "unexpected byte 0x%02X", (unsigned)c));
}

static TokenList tokenize(Arena *arena, Interner *interner, const SourceFile *src, uint32_t file, uint32_t start,
                          uint32_t end, bool heap, LexerCommentList *comments)
{
    Lexer lx = {0};
    lx.keep_comments = comments != NULL;
    lx.heap = heap;
    lx.arena = arena;
    lx.interner = interner;
    lx.text = src->text;
    lx.file = file;
    lx.pos = start;
    lx.end = end <= src->len ? end : src->len;
    while (!lx.failed && lx.pos < lx.end) {
        int c = peek_at(&lx, lx.pos);
        int c1 = peek_at(&lx, lx.pos + 1);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            lx.pos++;
        else if (c == '/' && c1 == '/')
            lex_line_comment(&lx);
        else if (c == '/' && c1 == '*')
            lex_block_comment(&lx);
        else if (is_ident_start(c))
            lex_word(&lx);
        else if (is_digit(c))
            lex_number(&lx);
        else if (c == '"')
            lex_string(&lx);
        else if (c == '\'')
            lex_char(&lx);
        else {
            uint32_t len;
            TokenKind kind = match_operator(&lx, &len);
            if (kind == TOK_ERROR) {
                lex_unexpected(&lx);
            } else {
                push(&lx, kind, lx.pos, lx.pos + len);
                lx.pos += len;
            }
        }
    }
    if (!lx.failed)
        push(&lx, TOK_EOF, lx.end, lx.end);
    if (comments)
        *comments = (LexerCommentList){lx.comments, lx.comment_count};
    return (TokenList){lx.tokens, lx.count};
}

TokenList lexer_tokenize(Arena *arena, Interner *interner, const SourceFile *src, uint32_t file, uint32_t start,
                         uint32_t end)
{
    return tokenize(arena, interner, src, file, start, end, false, NULL);
}

TokenList lexer_tokenize_trivia(Arena *arena, Interner *interner, const SourceFile *src, uint32_t file,
                                LexerCommentList *comments)
{
    return tokenize(arena, interner, src, file, 0, src->len, false, comments);
}

TokenList lexer_tokenize_heap(Arena *arena, Interner *interner, const SourceFile *src, uint32_t file)
{
    return tokenize(arena, interner, src, file, 0, src->len, true, NULL);
}

void lexer_free_tokens(TokenList *tokens)
{
    free(tokens->items);
    tokens->items = NULL;
    tokens->count = 0;
}
