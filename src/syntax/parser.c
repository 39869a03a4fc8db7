/* syntax/parser.c: parse_file, the one protected boundary of the parser
 * (a parse error longjmps here), plus the token helpers and error messages
 * shared by parse_item/stmt/expr/type/pattern.c. */
#include "syntax/parser.h"

#include <string.h>

#include "support/vec.h"
#include "syntax/parser_internal.h"

const Token *parser_peek(const Parser *p)
{
    return &p->toks[p->pos];
}

const Token *parser_peek_at(const Parser *p, uint32_t ahead)
{
    uint32_t index = p->pos + ahead;
    if (index >= p->count)
        index = p->count - 1;
    return &p->toks[index];
}

TokenKind parser_kind_at(const Parser *p, uint32_t index)
{
    if (index >= p->count)
        return p->toks[p->count - 1].kind;
    return p->toks[index].kind;
}

bool parser_at(const Parser *p, TokenKind kind)
{
    return p->toks[p->pos].kind == kind;
}

/* Never moves past the final EOF/ERROR token. */
const Token *parser_advance(Parser *p)
{
    const Token *tok = &p->toks[p->pos];
    if (p->pos + 1 < p->count)
        p->pos++;
    return tok;
}

bool parser_accept(Parser *p, TokenKind kind)
{
    if (!parser_at(p, kind))
        return false;
    parser_advance(p);
    return true;
}

Span parser_prev_span(const Parser *p)
{
    return p->pos > 0 ? p->toks[p->pos - 1].span : p->toks[0].span;
}

_Noreturn void parser_error_at(Parser *p, Span span, const char *message)
{
    parse_hint(p, diag_report(p->diags, span, DIAG_PARSE_ERROR, message));
    longjmp(*p->on_error, 1);
}

/* How the current token is named after "found". */
static const char *describe(Parser *p, const Token *tok)
{
    switch (tok->kind) {
    case TOK_IDENT:
        return arena_printf(p->arena, "identifier `%s`", tok->ident);
    case TOK_INT:
    case TOK_FLOAT:
        return arena_printf(p->arena, "%s `%.*s`", lexer_token_name(tok->kind), (int)(tok->span.end - tok->span.start),
                            p->src->text + tok->span.start);
    default:
        return lexer_token_name(tok->kind);
    }
}

_Noreturn void parser_error_expected(Parser *p, const char *what)
{
    const Token *tok = parser_peek(p);
    if (tok->kind == TOK_ERROR) /* the lexer stopped here: its message explains more */
        parser_error_at(p, tok->span, tok->text);
    if (tok->kind == TOK_DOC)
        parser_error_at(p, tok->span, "documentation comment `///` is not allowed here");
    parser_error_at(p, tok->span, arena_printf(p->arena, "expected %s, found %s", what, describe(p, tok)));
}

const Token *parser_expect(Parser *p, TokenKind kind, const char *context)
{
    if (parser_at(p, kind))
        return parser_advance(p);
    const char *what = lexer_token_name(kind);
    if (context && *context)
        what = arena_printf(p->arena, "%s %s", what, context);
    parser_error_expected(p, what);
}

AstIdent parser_expect_ident(Parser *p, const char *context)
{
    const Token *tok = parser_expect(p, TOK_IDENT, context);
    return (AstIdent){tok->ident, tok->span};
}

void parser_enter(Parser *p)
{
    if (++p->depth > PARSER_MAX_DEPTH)
        parser_error_at(p, parser_peek(p)->span, "nesting too deep");
}

void parser_deepen(Parser *p)
{
    if (++p->expr_depth > PARSER_MAX_EXPR_DEPTH)
        parser_error_at(p, parser_peek(p)->span, "expression nested too deeply");
}

void parser_leave(Parser *p)
{
    p->depth--;
}

const char *parser_take_doc(Parser *p)
{
    if (!parser_at(p, TOK_DOC))
        return NULL;
    VEC(char) text = {0};
    bool first = true;
    while (parser_at(p, TOK_DOC)) {
        const Token *tok = parser_advance(p);
        if (!first)
            VEC_PUSH(p->arena, &text, '\n');
        first = false;
        for (uint32_t i = 0; i < tok->len; i++)
            VEC_PUSH(p->arena, &text, tok->text[i]);
    }
    return arena_strndup(p->arena, text.items ? text.items : "", text.count);
}

AstId parser_new_id(Parser *p)
{
    return (*p->next_id)++;
}

AstExpr *parser_parse_interpolated(Parser *p, Span span)
{
    TokenList tokens = lexer_tokenize(p->arena, p->interner, p->src, p->file, span.start, span.end);
    Parser sub = *p;
    sub.toks = tokens.items;
    sub.count = tokens.count;
    sub.pos = 0;
    sub.no_struct = false;
    parser_enter(&sub);
    AstExpr *expr = parse_expr(&sub);
    if (!parser_at(&sub, TOK_EOF))
        parser_error_expected(&sub, "`}` closing the interpolation");
    return expr;
}

/* program = { item } EOF ; */
static AstFile *parse_program(Parser *p)
{
    AstFile *file = ARENA_NEW(p->arena, AstFile);
    file->file = p->file;
    file->node_begin = *p->next_id;
    VEC(AstItem *) items = {0};
    while (!parser_at(p, TOK_EOF))
        VEC_PUSH(p->arena, &items, parse_item(p));
    file->items = items.items;
    file->count = items.count;
    file->node_end = *p->next_id;
    return file;
}

AstFile *parse_file(Arena *arena, Interner *interner, const SourceMap *map, uint32_t file, AstId first_id,
                    DiagList *diags)
{
    AstId next_id = first_id;
    const SourceFile *src = source_file(map, file);
    jmp_buf on_error;
    Parser p;
    memset(&p, 0, sizeof p);
    p.arena = arena;
    p.interner = interner;
    p.src = src;
    p.file = file;
    p.diags = diags;
    p.on_error = &on_error;
    p.next_id = &next_id;
    p.sym_as = intern_cstr(interner, "as");
    p.sym_self = intern_cstr(interner, "self");
    p.sym_underscore = intern_cstr(interner, "_");
    TokenList tokens = lexer_tokenize_heap(arena, interner, src, file);
    p.toks = tokens.items;
    p.count = tokens.count;
    if (setjmp(on_error)) {
        lexer_free_tokens(&tokens);
        return NULL;
    }
    AstFile *ast = parse_program(&p);
    lexer_free_tokens(&tokens);
    return ast;
}

/* True when the line starting at 'at' opens an item: its first byte, in
 * column 0, is neither blank, nor a closing brace, nor a comment. */
static bool item_line(const char *text, uint32_t len, uint32_t at)
{
    if (at >= len)
        return false;
    char ch = text[at];
    if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '}')
        return false;
    return !(ch == '/' && at + 1 < len && text[at + 1] == '/');
}

AstFile *parse_file_recovering(Arena *arena, Interner *interner, SourceMap *map, uint32_t file, AstId first_id,
                               DiagList *diags)
{
    for (uint32_t attempt = 0; attempt < 256; attempt++) {
        uint32_t before = diags->items.count;
        AstFile *ast = parse_file(arena, interner, map, file, first_id, diags);
        if (ast)
            return ast;
        if (diags->items.count == before)
            break;
        Span at = diags->items.items[diags->items.count - 1].span;
        SourceFile *src = &map->files[file];
        uint32_t len = src->len, err = at.file == file && at.start <= len ? at.start : len;
        uint32_t start = err;
        while (start > 0 && src->text[start - 1] != '\n')
            start--;
        while (start > 0 && !item_line(src->text, len, start)) {
            start--;
            while (start > 0 && src->text[start - 1] != '\n')
                start--;
        }
        /* with the doc comments and attributes written above it */
        while (start > 0) {
            uint32_t prev = start - 1;
            while (prev > 0 && src->text[prev - 1] != '\n')
                prev--;
            uint32_t first = prev;
            while (first < start && (src->text[first] == ' ' || src->text[first] == '\t'))
                first++;
            bool doc = first + 2 < start && src->text[first] == '/' && src->text[first + 1] == '/' && src->text[first + 2] == '/';
            if (!doc && !(first < start && src->text[first] == '['))
                break;
            start = prev;
        }
        uint32_t end = err;
        while (end < len) {
            while (end < len && src->text[end] != '\n')
                end++;
            if (end < len)
                end++;
            if (item_line(src->text, len, end))
                break;
        }
        char *copy = arena_alloc(arena, (size_t)len + 1, 1);
        memcpy(copy, src->text, len);
        copy[len] = '\0';
        bool changed = false;
        for (uint32_t i = start; i < end && i < len; i++)
            if (copy[i] != '\n' && copy[i] != ' ') {
                copy[i] = ' ';
                changed = true;
            }
        src->text = copy;
        if (!changed)
            break;
    }
    /* Nothing could be kept: an empty file. */
    AstFile *empty = ARENA_NEW(arena, AstFile);
    empty->file = file;
    empty->node_begin = empty->node_end = first_id;
    return empty;
}

uint32_t parser_enum_path_count(const Parser *p)
{
    uint32_t n = 0;
    for (uint32_t at = 0;; at += 2, n++) {
        if (parser_peek_at(p, at)->kind != TOK_IDENT)
            return UINT32_MAX;
        TokenKind next = parser_peek_at(p, at + 1)->kind;
        if (next == TOK_COLON_COLON)
            return n;
        if (next != TOK_DOT)
            return UINT32_MAX;
    }
}

AstIdent *parser_enum_path_modules(Parser *p, uint32_t count)
{
    AstIdent *modules = count ? ARENA_ARRAY(p->arena, AstIdent, count) : NULL;
    for (uint32_t i = 0; i < count; i++) {
        modules[i] = parser_expect_ident(p, "");
        parser_expect(p, TOK_DOT, "");
    }
    return modules;
}
