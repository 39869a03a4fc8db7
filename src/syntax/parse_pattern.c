/* syntax/parse_pattern.c: match patterns (language.md §2.6 with its [FIX]es:
 * `_x` is a binding, `true`/`false` are literal patterns). A negative number
 * pattern `-1` is a literal under AST_UNARY_NEG. */
#include "support/vec.h"
#include "syntax/parser_internal.h"

static AstPattern *new_pattern(Parser *p, AstPatternKind kind, Span span)
{
    AstPattern *pat = ARENA_NEW(p->arena, AstPattern);
    pat->kind = kind;
    pat->id = parser_new_id(p);
    pat->span = span;
    return pat;
}

/* enum_pattern = { IDENT "." } IDENT "::" IDENT [ "(" [ pattern { "," pattern } ] ")" ] ;
 * the leading segments name the enum's module (language.md §3.7) */
static AstPattern *parse_enum_pattern(Parser *p, uint32_t module_count)
{
    AstIdent *modules = parser_enum_path_modules(p, module_count);
    AstIdent enum_name = parser_expect_ident(p, "");
    parser_expect(p, TOK_COLON_COLON, "");
    AstIdent variant = parser_expect_ident(p, "after `::` in pattern");
    Span start = module_count ? modules[0].span : enum_name.span;
    AstPattern *pat = new_pattern(p, AST_PAT_ENUM, start);
    pat->enum_pat.modules = modules;
    pat->enum_pat.module_count = module_count;
    pat->enum_pat.enum_name = enum_name;
    pat->enum_pat.variant = variant;
    if (parser_accept(p, TOK_LPAREN)) {
        pat->enum_pat.has_parens = true;
        VEC(AstPattern *) subs = {0};
        if (!parser_at(p, TOK_RPAREN)) {
            do
                VEC_PUSH(p->arena, &subs, parse_pattern(p));
            while (parser_accept(p, TOK_COMMA));
        }
        parser_expect(p, TOK_RPAREN, "to close the pattern");
        pat->enum_pat.subpatterns = subs.items;
        pat->enum_pat.sub_count = subs.count;
    }
    pat->span = span_join(start, parser_prev_span(p));
    return pat;
}

/* pattern = "_" | enum_pattern | IDENT | literal ; */
AstPattern *parse_pattern(Parser *p)
{
    parser_enter(p);
    const Token *tok = parser_peek(p);
    AstPattern *pat;
    uint32_t modules = tok->kind == TOK_IDENT ? parser_enum_path_count(p) : UINT32_MAX;
    if (modules != UINT32_MAX) {
        pat = parse_enum_pattern(p, modules);
    } else if (tok->kind == TOK_IDENT) {
        parser_advance(p);
        if (tok->ident == p->sym_underscore) {
            pat = new_pattern(p, AST_PAT_WILDCARD, tok->span);
        } else {
            pat = new_pattern(p, AST_PAT_BINDING, tok->span);
            pat->binding.name = (AstIdent){tok->ident, tok->span};
        }
    } else if (tok->kind == TOK_MINUS) {
        TokenKind next = parser_peek_at(p, 1)->kind;
        if (next != TOK_INT && next != TOK_FLOAT) {
            parser_advance(p);
            parser_error_expected(p, "number after `-` in pattern");
        }
        parser_advance(p);
        AstExpr *lit = parse_literal_expr(p);
        AstExpr *neg = ast_new_expr(p, AST_EXPR_UNARY, span_join(tok->span, lit->span));
        neg->unary.op = AST_UNARY_NEG;
        neg->unary.operand = lit;
        pat = new_pattern(p, AST_PAT_LITERAL, neg->span);
        pat->literal = neg;
    } else if (tok->kind == TOK_INT || tok->kind == TOK_FLOAT || tok->kind == TOK_STRING || tok->kind == TOK_CHAR ||
               tok->kind == TOK_KW_TRUE || tok->kind == TOK_KW_FALSE) {
        if (tok->kind == TOK_STRING && tok->is_interpolated)
            parser_error_at(p, tok->span, "an interpolated string is not allowed in a pattern");
        AstExpr *lit = parse_literal_expr(p);
        pat = new_pattern(p, AST_PAT_LITERAL, lit->span);
        pat->literal = lit;
    } else {
        parser_error_expected(p, "pattern");
    }
    parser_leave(p);
    return pat;
}
