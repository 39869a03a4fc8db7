/* syntax/fmt.c: the formatter (docs/format.md). It never moves, adds or drops
 * a token or a comment: it re-emits them in source order and decides only the
 * whitespace between two of them:
 *   - a newline where the source had one (blank lines kept, at most one in a
 *     row, none at the start or end of the file or just inside braces),
 *     except that a `{` on a line of its own joins the line before it and
 *     `else` joins the `}` before it;
 *   - on a line, one space or none, from the two tokens' kinds (and, for `-`,
 *     `<` and `>`, from the syntax tree: binary operator or not);
 *   - at the start of a line, 4 spaces per open bracket (one level for all
 *     brackets opened on one line) plus one level for a continuation line.
 * Because the tokens stay the same, the result parses to the same tree;
 * fmt_file checks that and that the result formats to itself. */
#define _POSIX_C_SOURCE 200809L
#include "syntax/fmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/strbuf.h"
#include "support/vec.h"
#include "syntax/ast_print.h"
#include "syntax/lexer.h"
#include "syntax/parser.h"
#include "syntax/parser_internal.h"

#define INDENT_WIDTH 4
#define MAX_BLANK_LINES 1

/* What the tree says about a token, by its first byte. */
enum {
    ROLE_BINARY = 1,     /* a binary operator (`a - b`, `a < b`) */
    ROLE_CONFORMANCE = 2, /* the `:` of `type T : Contract` */
    ROLE_ATTRIBUTE = 4    /* the `[` of an attribute */
};

/* ---- the tree walk: which tokens are binary operators -------------------- */

typedef struct Marks {
    uint8_t *role; /* per source byte */
    uint32_t len;
} Marks;

static void mark(Marks *m, Span span, uint8_t role)
{
    if (span.file != SPAN_NO_FILE && span.start < m->len)
        m->role[span.start] |= role;
}

static void walk_expr(Marks *m, const AstExpr *e);
static void walk_block(Marks *m, const AstBlock *b);

static void walk_exprs(Marks *m, AstExpr *const *items, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++)
        walk_expr(m, items[i]);
}

static void walk_pattern(Marks *m, const AstPattern *p)
{
    if (!p)
        return;
    if (p->kind == AST_PAT_LITERAL)
        walk_expr(m, p->literal);
    else if (p->kind == AST_PAT_ENUM)
        for (uint32_t i = 0; i < p->enum_pat.sub_count; i++)
            walk_pattern(m, p->enum_pat.subpatterns[i]);
}

static void walk_expr(Marks *m, const AstExpr *e)
{
    if (!e)
        return;
    switch (e->kind) {
    case AST_EXPR_INT:
    case AST_EXPR_FLOAT:
    case AST_EXPR_BOOL:
    case AST_EXPR_CHAR:
    case AST_EXPR_STRING:
    case AST_EXPR_INTERPOLATION: /* the string token is kept verbatim */
    case AST_EXPR_PATH:
        break;
    case AST_EXPR_UNARY:
        walk_expr(m, e->unary.operand);
        break;
    case AST_EXPR_BINARY:
        mark(m, e->binary.op_span, ROLE_BINARY);
        walk_expr(m, e->binary.lhs);
        walk_expr(m, e->binary.rhs);
        break;
    case AST_EXPR_ASSIGN:
        mark(m, e->assign.op_span, ROLE_BINARY);
        walk_expr(m, e->assign.target);
        walk_expr(m, e->assign.value);
        break;
    case AST_EXPR_CALL:
        walk_expr(m, e->call.callee);
        walk_exprs(m, e->call.args, e->call.arg_count);
        break;
    case AST_EXPR_MEMBER:
        walk_expr(m, e->member.object);
        break;
    case AST_EXPR_INDEX:
        walk_expr(m, e->index.object);
        walk_expr(m, e->index.index);
        break;
    case AST_EXPR_TRY:
        walk_expr(m, e->try_.operand);
        break;
    case AST_EXPR_CAST:
        walk_expr(m, e->cast.operand);
        break;
    case AST_EXPR_BLOCK:
        walk_block(m, e->block);
        break;
    case AST_EXPR_ENUM_CTOR:
        walk_exprs(m, e->enum_ctor.args, e->enum_ctor.arg_count);
        break;
    case AST_EXPR_STRUCT_LIT:
        for (uint32_t i = 0; i < e->struct_lit.field_count; i++)
            walk_expr(m, e->struct_lit.fields[i].value);
        break;
    case AST_EXPR_ARRAY_LIT:
        walk_exprs(m, e->array_lit.elements, e->array_lit.count);
        break;
    case AST_EXPR_LAMBDA:
        walk_expr(m, e->lambda.body);
        break;
    case AST_EXPR_MATCH:
        walk_expr(m, e->match.scrutinee);
        for (uint32_t i = 0; i < e->match.arm_count; i++) {
            walk_pattern(m, e->match.arms[i].pattern);
            walk_expr(m, e->match.arms[i].guard);
            walk_expr(m, e->match.arms[i].value);
        }
        break;
    }
}

static void walk_stmt(Marks *m, const AstStmt *s)
{
    if (!s)
        return;
    switch (s->kind) {
    case AST_STMT_LET:
        walk_expr(m, s->let.init);
        break;
    case AST_STMT_RETURN:
        walk_expr(m, s->return_.value);
        break;
    case AST_STMT_BREAK:
    case AST_STMT_CONTINUE:
        break;
    case AST_STMT_WHILE:
        walk_expr(m, s->while_.cond);
        walk_block(m, s->while_.body);
        break;
    case AST_STMT_FOR:
        walk_expr(m, s->for_.iterable);
        walk_block(m, s->for_.body);
        break;
    case AST_STMT_IF:
        walk_expr(m, s->if_.cond);
        walk_block(m, s->if_.then_block);
        walk_block(m, s->if_.else_block);
        walk_stmt(m, s->if_.else_if);
        break;
    case AST_STMT_EXPR:
        walk_expr(m, s->expr.expr);
        break;
    }
}

static void walk_block(Marks *m, const AstBlock *b)
{
    if (!b)
        return;
    for (uint32_t i = 0; i < b->count; i++)
        walk_stmt(m, b->stmts[i]);
}

static void walk_attributes(Marks *m, const AstAttributes *attrs)
{
    for (uint32_t i = 0; i < attrs->count; i++) {
        mark(m, attrs->items[i].span, ROLE_ATTRIBUTE);
        for (uint32_t j = 0; j < attrs->items[i].arg_count; j++)
            walk_expr(m, attrs->items[i].args[j].value);
    }
}

static void walk_methods(Marks *m, const AstMethod *methods, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++)
        walk_block(m, methods[i].fn.body);
}

static void walk_item(Marks *m, const AstItem *item, const TokenList *toks);

/* The token just before offset 'start' (the `:` before the first
 * conformance). */
static void mark_before(Marks *m, const TokenList *toks, uint32_t start, TokenKind kind, uint8_t role)
{
    uint32_t lo = 0, hi = toks->count;
    while (lo < hi) { /* first token starting at or after 'start' */
        uint32_t mid = lo + (hi - lo) / 2;
        if (toks->items[mid].span.start < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0 && toks->items[lo - 1].kind == kind)
        mark(m, toks->items[lo - 1].span, role);
}

static void walk_item(Marks *m, const AstItem *item, const TokenList *toks)
{
    walk_attributes(m, &item->attributes);
    switch (item->kind) {
    case AST_ITEM_FUNCTION:
        walk_block(m, item->function.body);
        break;
    case AST_ITEM_IMPL:
        walk_methods(m, item->impl.methods, item->impl.method_count);
        break;
    case AST_ITEM_TYPE:
        if (item->type_def.conformance_count)
            mark_before(m, toks, item->type_def.conformances[0].span.start, TOK_COLON, ROLE_CONFORMANCE);
        walk_methods(m, item->type_def.methods, item->type_def.method_count);
        break;
    case AST_ITEM_TEST:
        for (uint32_t i = 0; i < item->test.meta_count; i++)
            walk_expr(m, item->test.meta[i].value);
        for (uint32_t i = 0; i < item->test.skip_count; i++)
            walk_expr(m, item->test.skip[i].value);
        walk_block(m, item->test.body);
        break;
    case AST_ITEM_ATTRIBUTE_DECL:
        for (uint32_t i = 0; i < item->attribute_decl.param_count; i++)
            walk_expr(m, item->attribute_decl.params[i].default_value);
        break;
    case AST_ITEM_INLINE_MODULE:
        for (uint32_t i = 0; i < item->inline_module.count; i++)
            walk_item(m, item->inline_module.items[i], toks);
        break;
    case AST_ITEM_ENUM:
    case AST_ITEM_CONTRACT:
    case AST_ITEM_MODULE_DECL:
    case AST_ITEM_USE:
        break;
    }
}

/* ---- the printer ----------------------------------------------------------- */

/* One thing to print: a token or a comment, in source order. */
typedef struct Piece {
    TokenKind kind; /* TOK_EOF for a comment */
    bool is_comment;
    bool is_line_comment; /* runs to the end of its line */
    uint8_t role;
    Span span;
} Piece;

typedef struct Open {
    TokenKind kind;
    int close_indent; /* the indent of the line of its closer */
    int inner_indent; /* the indent of the lines inside */
    bool tight;       /* `event{8}`: no spaces inside */
    uint32_t line;    /* the output line it was opened on */
} Open;

typedef struct Printer {
    Arena *arena;
    const char *text;
    StrBuf out;
    VEC(Open) stack;
    int line_base;   /* indent of the current line without its continuation level */
    int line_indent; /* indent of the current line */
    uint32_t line;   /* the number of the current output line (from 0) */
    const Piece *last_code; /* the last token printed (comments skipped) */
} Printer;

static bool is_opener(TokenKind k)
{
    return k == TOK_LPAREN || k == TOK_LBRACKET || k == TOK_LBRACE;
}

static bool is_closer(TokenKind k)
{
    return k == TOK_RPAREN || k == TOK_RBRACKET || k == TOK_RBRACE;
}

static bool is_generic_angle(const Piece *p)
{
    return (p->kind == TOK_LT || p->kind == TOK_GT) && !(p->role & ROLE_BINARY);
}

static bool is_unary(const Piece *p)
{
    return p->kind == TOK_BANG || (p->kind == TOK_MINUS && !(p->role & ROLE_BINARY));
}

/* Ends an operand: a `(` or `[` right after it is a call, an index or an
 * array type, written without a space. */
static bool ends_operand(const Piece *a)
{
    switch (a->kind) {
    case TOK_IDENT:
    case TOK_RPAREN:
    case TOK_RBRACKET:
    case TOK_QUESTION:
    case TOK_STRING:
        return true;
    case TOK_GT:
        return is_generic_angle(a);
    default:
        return parse_is_primitive(a->kind);
    }
}

/* Whether two pieces on one line are separated by a space. */
static bool wants_space(const Printer *pr, const Piece *a, const Piece *b)
{
    if (a->is_comment || b->is_comment)
        return true;
    const Open *top = pr->stack.count ? &pr->stack.items[pr->stack.count - 1] : NULL;
    /* after a */
    switch (a->kind) {
    case TOK_LPAREN:
    case TOK_LBRACKET:
    case TOK_DOT:
    case TOK_COLON_COLON:
        return false;
    case TOK_LBRACE:
        if (top && top->tight)
            return false;
        break;
    case TOK_LT:
        if (is_generic_angle(a))
            return false;
        break;
    case TOK_BANG:
        return false;
    case TOK_MINUS:
        if (is_unary(a))
            return b->kind == TOK_MINUS; /* `- -a`, not `--a` */
        break;
    default:
        break;
    }
    /* before b */
    switch (b->kind) {
    case TOK_RPAREN:
    case TOK_RBRACKET:
    case TOK_COMMA:
    case TOK_SEMI:
    case TOK_DOT:
    case TOK_COLON_COLON:
    case TOK_QUESTION:
        return false;
    case TOK_COLON:
        return (b->role & ROLE_CONFORMANCE) != 0;
    case TOK_RBRACE:
        return !(top && top->tight);
    case TOK_LT:
    case TOK_GT:
        return !is_generic_angle(b);
    case TOK_LBRACKET:
        if (b->role & ROLE_ATTRIBUTE)
            return true;
        return !ends_operand(a);
    case TOK_LPAREN:
        return !ends_operand(a);
    case TOK_LBRACE:
        return a->kind != TOK_KW_EVENT;
    default:
        return true;
    }
}

static void put_indent(Printer *pr, int levels)
{
    for (int i = 0; i < levels * INDENT_WIDTH; i++)
        strbuf_putc(&pr->out, ' ');
}

/* A token after which a line is complete: it ends a statement, a block or
 * an element, opens a bracket, or is a doc comment. */
static bool ends_line(TokenKind k)
{
    switch (k) {
    case TOK_SEMI:
    case TOK_LBRACE:
    case TOK_RBRACE:
    case TOK_COMMA:
    case TOK_LPAREN:
    case TOK_LBRACKET:
    case TOK_DOC:
        return true;
    default:
        return false;
    }
}

/* A line whose previous token does not end a statement, an element or an
 * opening, or that starts with a binary operator, `.`, `?` or `=>`,
 * continues the line above it, one level deeper. */
static bool continues(const Printer *pr, const Piece *p)
{
    const Piece *prev = pr->last_code;
    if (!prev)
        return false;
    if (((p->role & ROLE_BINARY) || p->kind == TOK_DOT || p->kind == TOK_QUESTION || p->kind == TOK_ARROW) &&
        prev->kind != TOK_SEMI && prev->kind != TOK_LBRACE)
        return true;
    if (prev->kind == TOK_RBRACKET) /* `[Attribute]` ends a line of its own */
        return pr->stack.count && pr->stack.items[pr->stack.count - 1].kind != TOK_LBRACE;
    return !ends_line(prev->kind);
}

/* Starts a new line for piece 'p' after 'newlines' line breaks in the source. */
static void new_line(Printer *pr, const Piece *p, uint32_t newlines)
{
    uint32_t blank = newlines > 1 ? newlines - 1 : 0;
    if (blank > MAX_BLANK_LINES)
        blank = MAX_BLANK_LINES;
    /* No blank line just inside braces. */
    if (pr->last_code && pr->last_code->kind == TOK_LBRACE && pr->out.len &&
        pr->out.data[pr->out.len - 1] == '{')
        blank = 0;
    if (p->kind == TOK_RBRACE)
        blank = 0;
    strbuf_putc(&pr->out, '\n');
    pr->line++;
    for (uint32_t i = 0; i < blank; i++)
        strbuf_putc(&pr->out, '\n');
    const Open *top = pr->stack.count ? &pr->stack.items[pr->stack.count - 1] : NULL;
    int base = top ? top->inner_indent : 0;
    int indent = base;
    if (!p->is_comment && is_closer(p->kind) && top)
        indent = base = top->close_indent;
    else if (!p->is_comment && p->kind != TOK_LBRACE && continues(pr, p))
        indent = base + 1;
    pr->line_base = base;
    pr->line_indent = indent;
    put_indent(pr, indent);
}

static uint32_t count_newlines(const char *text, uint32_t from, uint32_t to)
{
    uint32_t n = 0;
    for (uint32_t i = from; i < to; i++)
        n += text[i] == '\n';
    return n;
}

/* Whether the piece goes on the line of the one before it although the
 * source broke the line: `{` and `else`. */
static bool joins(const Piece *prev, const Piece *p)
{
    if (!prev || prev->is_comment)
        return false;
    if (p->kind == TOK_KW_ELSE)
        return prev->kind == TOK_RBRACE;
    return p->kind == TOK_LBRACE && !ends_line(prev->kind);
}

static void print_piece(Printer *pr, const Piece *prev, const Piece *p)
{
    if (!prev) {
        pr->line_base = pr->line_indent = 0;
    } else {
        uint32_t newlines = count_newlines(pr->text, prev->span.end, p->span.start);
        if (prev->is_line_comment && newlines == 0)
            newlines = 1; /* a line comment ends its line */
        if (newlines && !joins(prev, p))
            new_line(pr, p, newlines);
        else if (wants_space(pr, prev, p))
            strbuf_putc(&pr->out, ' ');
    }
    uint32_t end = p->span.end;
    if (p->is_line_comment) /* without trailing blanks */
        while (end > p->span.start && (pr->text[end - 1] == ' ' || pr->text[end - 1] == '\t'))
            end--;
    strbuf_append(&pr->out, pr->text + p->span.start, end - p->span.start);
    if (p->is_comment)
        return;
    pr->last_code = p;
    if (is_opener(p->kind)) {
        Open open = {.kind = p->kind, .line = pr->line};
        const Open *outer = pr->stack.count ? &pr->stack.items[pr->stack.count - 1] : NULL;
        /* A block closes at the indent of the line it opens on, without the
         * continuation level (`if a &&⏎ b {⏎ … ⏎}`), unless it sits in a
         * bracket opened on that line (`.Map((x) => {`). */
        if (p->kind == TOK_LBRACE && !(outer && outer->line == pr->line))
            open.close_indent = pr->line_base;
        else
            open.close_indent = pr->line_indent;
        open.tight = p->kind == TOK_LBRACE && prev && prev->kind == TOK_KW_EVENT;
        open.inner_indent = open.close_indent + 1;
        /* All brackets opened on one line add one level together. */
        if (outer && outer->line == pr->line && outer->close_indent == open.close_indent)
            open.inner_indent = outer->inner_indent;
        VEC_PUSH(pr->arena, &pr->stack, open);
    } else if (is_closer(p->kind) && pr->stack.count) {
        pr->stack.count--;
    }
}

/* Formats the tokens and comments of 'src'; 'marks' says which tokens are
 * binary operators. Returns the text in the arena. */
static const char *print_file(Arena *arena, const SourceFile *src, const TokenList *toks,
                              const LexerCommentList *comments, const Marks *marks, uint32_t *len)
{
    /* Merge tokens (without EOF) and comments (without doc lines, which are
     * tokens already) in source order. */
    VEC(Piece) pieces = {0};
    uint32_t t = 0, c = 0;
    for (;;) {
        while (c < comments->count && comments->items[c].kind == LEXER_COMMENT_DOC)
            c++;
        bool tok_left = t < toks->count && toks->items[t].kind != TOK_EOF;
        bool com_left = c < comments->count;
        if (!tok_left && !com_left)
            break;
        Piece piece = {0};
        if (com_left && (!tok_left || comments->items[c].span.start < toks->items[t].span.start)) {
            const LexerComment *k = &comments->items[c++];
            piece = (Piece){.kind = TOK_EOF, .is_comment = true, .is_line_comment = k->kind != LEXER_COMMENT_BLOCK,
                            .span = k->span};
        } else {
            const Token *k = &toks->items[t++];
            piece = (Piece){.kind = k->kind, .span = k->span};
            if (k->span.start < marks->len)
                piece.role = marks->role[k->span.start];
        }
        VEC_PUSH(arena, &pieces, piece);
    }
    Printer pr = {.arena = arena, .text = src->text};
    for (uint32_t i = 0; i < pieces.count; i++)
        print_piece(&pr, i ? &pieces.items[i - 1] : NULL, &pieces.items[i]);
    if (pieces.count)
        strbuf_putc(&pr.out, '\n');
    *len = (uint32_t)pr.out.len;
    char *text = arena_strndup(arena, pr.out.data ? pr.out.data : "", pr.out.len);
    strbuf_free(&pr.out);
    return text;
}

/* ---- the entry point --------------------------------------------------------- */

static bool has_off_directive(const SourceFile *src)
{
    size_t dlen = strlen(FMT_OFF_DIRECTIVE);
    const char *p = src->text, *end = src->text + src->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        while (p < stop && (*p == ' ' || *p == '\t'))
            p++;
        const char *e = stop;
        while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
            e--;
        if ((size_t)(e - p) == dlen && memcmp(p, FMT_OFF_DIRECTIVE, dlen) == 0)
            return true;
        p = nl ? nl + 1 : end;
    }
    return false;
}

/* The `beskid parse` dump of 'ast', for comparing trees. */
static char *dump_tree(const AstFile *ast, const SourceMap *map, size_t *len)
{
    char *buf = NULL;
    FILE *fp = open_memstream(&buf, len);
    if (!fp)
        return NULL;
    ast_print(fp, ast, map);
    fclose(fp);
    return buf;
}

/* Lexes and parses file 'file' of 'map' and formats it; NULL after a parse
 * error (reported in 'diags'). '*tree' gets the dump of the tree (malloc). */
static const char *format_once(Arena *arena, Interner *interner, const SourceMap *map, uint32_t file,
                               DiagList *diags, uint32_t *len, char **tree, size_t *tree_len)
{
    AstFile *ast = parse_file(arena, interner, map, file, 0, diags);
    if (!ast || diag_has_errors(diags))
        return NULL;
    const SourceFile *src = source_file(map, file);
    LexerCommentList comments = {0};
    TokenList toks = lexer_tokenize_trivia(arena, interner, src, file, &comments);
    Marks marks = {.role = arena_alloc(arena, (size_t)src->len + 1, 1), .len = src->len + 1};
    for (uint32_t i = 0; i < ast->count; i++)
        walk_item(&marks, ast->items[i], &toks);
    *tree = dump_tree(ast, map, tree_len);
    return print_file(arena, src, &toks, &comments, &marks, len);
}

bool fmt_file(Arena *arena, Interner *interner, const SourceMap *map, uint32_t file, DiagList *diags,
              FmtResult *out)
{
    memset(out, 0, sizeof *out);
    const SourceFile *src = source_file(map, file);
    if (has_off_directive(src)) {
        *out = (FmtResult){.text = src->text, .len = src->len, .disabled = true};
        return true;
    }
    uint32_t len = 0;
    char *tree = NULL;
    size_t tree_len = 0;
    const char *text = format_once(arena, interner, map, file, diags, &len, &tree, &tree_len);
    if (!text) {
        free(tree);
        return false;
    }
    /* The check: the result parses to the same tree and formats to itself. */
    SourceMap again;
    source_map_init(&again, arena);
    uint32_t again_file = source_add(&again, src->path, text, len);
    DiagList again_diags;
    diag_list_init(&again_diags, arena);
    uint32_t again_len = 0;
    char *again_tree = NULL;
    size_t again_tree_len = 0;
    const char *again_text =
        format_once(arena, interner, &again, again_file, &again_diags, &again_len, &again_tree, &again_tree_len);
    const char *problem = NULL;
    if (!again_text)
        problem = "its result does not parse";
    else if (!tree || !again_tree || tree_len != again_tree_len || memcmp(tree, again_tree, tree_len) != 0)
        problem = "its result parses to a different syntax tree";
    else if (again_len != len || memcmp(again_text, text, len) != 0)
        problem = "its result does not format to itself";
    free(tree);
    free(again_tree);
    if (problem) {
        diag_report(diags, SPAN_NONE, DIAG_E0601_FORMAT_UNSTABLE, src->path, problem);
        return false;
    }
    out->text = text;
    out->len = len;
    out->changed = len != src->len || memcmp(text, src->text, len) != 0;
    return true;
}
