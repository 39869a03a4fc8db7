/* syntax/parser_internal.h: the Parser shared by the parse_*.c files (one file
 * per construct). Errors longjmp to the single protected boundary in
 * parse_file (parser.c), so parse functions return nodes, never NULL.
 * Lookahead is free over the token array; speculative rules use the scan_*
 * functions, which only move an index and never report. */
#ifndef BESKID_SYNTAX_PARSER_INTERNAL_H
#define BESKID_SYNTAX_PARSER_INTERNAL_H
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "support/arena.h"
#include "support/diag.h"
#include "support/intern.h"
#include "support/source.h"
#include "syntax/ast.h"
#include "syntax/lexer.h"

#define PARSER_MAX_DEPTH 256
/* Bound on the depth of one expression tree, chains included (`a+b+…`,
 * `f()()…`, `- - x`), so recursive consumers of the AST cannot overflow. */
#define PARSER_MAX_EXPR_DEPTH 1024

typedef struct Parser {
    Arena *arena;
    Interner *interner;
    const SourceFile *src;
    uint32_t file;
    DiagList *diags;
    jmp_buf *on_error;
    const Token *toks;
    uint32_t count;
    uint32_t pos;
    int depth;      /* nesting of expressions, blocks, types, patterns */
    int expr_depth; /* depth of the expression tree being built */
    bool no_struct; /* in an if/while/for/match head: `path {` opens the block */
    AstId *next_id; /* shared with the parsers of interpolations */
    Symbol sym_as;
    Symbol sym_self;
    Symbol sym_underscore;
} Parser;

/* ---- parse_hint.c: notes and suggestions on a parse error just reported ---- */
void parse_hint(Parser *p, Diag *d);

/* ---- parser.c: token access and errors ---- */
const Token *parser_peek(const Parser *p);
const Token *parser_peek_at(const Parser *p, uint32_t ahead);
TokenKind parser_kind_at(const Parser *p, uint32_t index); /* TOK_EOF past the end */
bool parser_at(const Parser *p, TokenKind kind);
const Token *parser_advance(Parser *p);
bool parser_accept(Parser *p, TokenKind kind);
/* Consumes 'kind' or fails with "expected X {context}, found Y". */
const Token *parser_expect(Parser *p, TokenKind kind, const char *context);
_Noreturn void parser_error_at(Parser *p, Span span, const char *message);
/* "expected {what}, found {current token}" at the current token. */
_Noreturn void parser_error_expected(Parser *p, const char *what);
void parser_enter(Parser *p); /* depth guard: "nesting too deep" */
void parser_leave(Parser *p);
void parser_deepen(Parser *p); /* one more level of expression tree */
Span parser_prev_span(const Parser *p); /* span of the last consumed token */
AstIdent parser_expect_ident(Parser *p, const char *context);
/* An enum path `a.b.E::V` of a constructor or a pattern (language.md §3.7):
 * the number of `IDENT .` pairs before `IDENT ::` at the current token, or
 * UINT32_MAX when the tokens are no enum path; then reads those 'count'
 * module segments and their dots. */
uint32_t parser_enum_path_count(const Parser *p);
AstIdent *parser_enum_path_modules(Parser *p, uint32_t count);
AstId parser_new_id(Parser *p); /* the next node number (ast.h) */
/* Joins a run of DOC tokens at the current position, or NULL. */
const char *parser_take_doc(Parser *p);
/* Parses the expression inside `${ }` at 'span' (a fresh token array). */
AstExpr *parser_parse_interpolated(Parser *p, Span span);

/* ---- parse_type.c ---- */
AstType *parse_type(Parser *p);
bool parse_is_primitive(TokenKind kind);
AstPrimitive parse_primitive_of(TokenKind kind);
/* Parses `<` type {, type} `>` into 'seg' (the `<` is current). */
void parse_generic_args(Parser *p, AstPathSegment *seg);
/* Speculation: does a type start at token 'index'? Moves '*index' past it. */
bool scan_type(const Parser *p, uint32_t *index, int depth);
bool scan_generic_args(const Parser *p, uint32_t *index, int depth);

/* ---- parse_expr.c ---- */
AstExpr *parse_expr(Parser *p);          /* expression = lambda | match | assignment */
AstExpr *parse_expr_no_struct(Parser *p); /* the head of if/while/for/match */
AstExpr *parse_match(Parser *p);
AstExpr *parse_literal_expr(Parser *p);   /* INT FLOAT STRING CHAR true false */
AstExpr *ast_new_expr(Parser *p, AstExprKind kind, Span span);

/* ---- parse_stmt.c ---- */
AstBlock *parse_block(Parser *p);
/* statement; 'allow_doc' for the top level of a test body */
AstStmt *parse_stmt(Parser *p, bool allow_doc);

/* ---- parse_pattern.c ---- */
AstPattern *parse_pattern(Parser *p);

/* ---- parse_item.c ---- */
AstItem *parse_item(Parser *p);
#endif
