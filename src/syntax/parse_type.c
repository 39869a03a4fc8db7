/* syntax/parse_type.c: types (language.md §2.3), and scan_type, the
 * non-reporting twin that the statement-start and generic-argument rules use
 * to decide, before parsing, whether a type is there (§2.6). */
#include "support/vec.h"
#include "syntax/parser_internal.h"

bool parse_is_primitive(TokenKind kind)
{
    switch (kind) {
    case TOK_KW_BOOL:
    case TOK_KW_I32:
    case TOK_KW_I64:
    case TOK_KW_U8:
    case TOK_KW_F64:
    case TOK_KW_CHAR:
    case TOK_KW_STRING:
    case TOK_KW_UNIT:
        return true;
    default:
        return false;
    }
}

AstPrimitive parse_primitive_of(TokenKind kind)
{
    switch (kind) {
    case TOK_KW_BOOL: return AST_PRIM_BOOL;
    case TOK_KW_I32: return AST_PRIM_I32;
    case TOK_KW_I64: return AST_PRIM_I64;
    case TOK_KW_U8: return AST_PRIM_U8;
    case TOK_KW_F64: return AST_PRIM_F64;
    case TOK_KW_CHAR: return AST_PRIM_CHAR;
    case TOK_KW_STRING: return AST_PRIM_STRING;
    default: return AST_PRIM_UNIT;
    }
}

static AstType *new_type(Parser *p, AstTypeKind kind, Span span)
{
    AstType *type = ARENA_NEW(p->arena, AstType);
    type->kind = kind;
    type->span = span;
    return type;
}

/* generic_args = "<" type { "," type } ">" ; */
void parse_generic_args(Parser *p, AstPathSegment *seg)
{
    parser_expect(p, TOK_LT, "");
    VEC(AstType *) args = {0};
    do
        VEC_PUSH(p->arena, &args, parse_type(p));
    while (parser_accept(p, TOK_COMMA));
    parser_expect(p, TOK_GT, "to close the generic arguments");
    seg->has_generic_args = true;
    seg->generic_args = args.items;
    seg->generic_count = args.count;
}

/* type_name = PRIMITIVE | path ;  path = segment { "." segment } ; */
static AstType *parse_type_name(Parser *p)
{
    const Token *tok = parser_peek(p);
    if (parse_is_primitive(tok->kind)) {
        parser_advance(p);
        AstType *type = new_type(p, AST_TYPE_PRIMITIVE, tok->span);
        type->primitive = parse_primitive_of(tok->kind);
        return type;
    }
    if (tok->kind != TOK_IDENT)
        parser_error_expected(p, "type");
    VEC(AstPathSegment) segs = {0};
    do {
        AstIdent name = parser_expect_ident(p, "in type path");
        AstPathSegment seg = {0};
        seg.name = name.name;
        seg.span = name.span;
        if (parser_at(p, TOK_LT))
            parse_generic_args(p, &seg);
        VEC_PUSH(p->arena, &segs, seg);
    } while (parser_accept(p, TOK_DOT));
    AstType *type = new_type(p, AST_TYPE_PATH, span_join(tok->span, parser_prev_span(p)));
    type->path.segments = segs.items;
    type->path.count = segs.count;
    type->path.span = type->span;
    return type;
}

/* "(" [ type { "," type } ] ")" — the parameter list of both function types */
static void parse_type_list(Parser *p, AstType *fn)
{
    parser_expect(p, TOK_LPAREN, "");
    VEC(AstType *) params = {0};
    if (!parser_at(p, TOK_RPAREN)) {
        do
            VEC_PUSH(p->arena, &params, parse_type(p));
        while (parser_accept(p, TOK_COMMA));
    }
    parser_expect(p, TOK_RPAREN, "to close the parameter types");
    fn->function.params = params.items;
    fn->function.param_count = params.count;
}

/* type = arrow_fn_type | fn_type | "ref" type_name | type_name "[" "]" | type_name ; */
AstType *parse_type(Parser *p)
{
    parser_enter(p);
    const Token *first = parser_peek(p);
    AstType *type;
    if (first->kind == TOK_LPAREN) {
        type = new_type(p, AST_TYPE_FUNCTION, first->span);
        parse_type_list(p, type);
        parser_expect(p, TOK_ARROW, "after the parameter types of a function type");
        type->function.ret = parse_type(p);
        type->function.is_arrow = true;
    } else if (first->kind == TOK_KW_REF) {
        parser_advance(p);
        type = new_type(p, AST_TYPE_REF, first->span);
        type->element = parse_type_name(p);
    } else {
        AstType *name = parse_type_name(p);
        if (parser_at(p, TOK_LPAREN)) {
            type = new_type(p, AST_TYPE_FUNCTION, first->span);
            type->function.ret = name;
            parse_type_list(p, type);
        } else if (parser_at(p, TOK_LBRACKET) && parser_peek_at(p, 1)->kind == TOK_RBRACKET) {
            parser_advance(p);
            parser_advance(p);
            type = new_type(p, AST_TYPE_ARRAY, first->span);
            type->element = name;
        } else {
            type = name;
        }
    }
    type->span = span_join(first->span, parser_prev_span(p));
    parser_leave(p);
    return type;
}

/* ---- speculation ---------------------------------------------------------------- */

bool scan_generic_args(const Parser *p, uint32_t *index, int depth)
{
    if (parser_kind_at(p, *index) != TOK_LT)
        return false;
    (*index)++;
    for (;;) {
        if (!scan_type(p, index, depth + 1))
            return false;
        if (parser_kind_at(p, *index) != TOK_COMMA)
            break;
        (*index)++;
    }
    if (parser_kind_at(p, *index) != TOK_GT)
        return false;
    (*index)++;
    return true;
}

static bool scan_type_name(const Parser *p, uint32_t *index, int depth)
{
    if (parse_is_primitive(parser_kind_at(p, *index))) {
        (*index)++;
        return true;
    }
    for (;;) {
        if (parser_kind_at(p, *index) != TOK_IDENT)
            return false;
        (*index)++;
        if (parser_kind_at(p, *index) == TOK_LT && !scan_generic_args(p, index, depth))
            return false;
        if (parser_kind_at(p, *index) != TOK_DOT)
            return true;
        (*index)++;
    }
}

static bool scan_type_list(const Parser *p, uint32_t *index, int depth)
{
    if (parser_kind_at(p, *index) != TOK_LPAREN)
        return false;
    (*index)++;
    if (parser_kind_at(p, *index) != TOK_RPAREN) {
        for (;;) {
            if (!scan_type(p, index, depth + 1))
                return false;
            if (parser_kind_at(p, *index) != TOK_COMMA)
                break;
            (*index)++;
        }
    }
    if (parser_kind_at(p, *index) != TOK_RPAREN)
        return false;
    (*index)++;
    return true;
}

bool scan_type(const Parser *p, uint32_t *index, int depth)
{
    if (depth > PARSER_MAX_DEPTH)
        return false;
    TokenKind kind = parser_kind_at(p, *index);
    if (kind == TOK_LPAREN) {
        if (!scan_type_list(p, index, depth))
            return false;
        if (parser_kind_at(p, *index) != TOK_ARROW)
            return false;
        (*index)++;
        return scan_type(p, index, depth + 1);
    }
    if (kind == TOK_KW_REF) {
        (*index)++;
        return scan_type_name(p, index, depth);
    }
    if (!scan_type_name(p, index, depth))
        return false;
    if (parser_kind_at(p, *index) == TOK_LPAREN)
        return scan_type_list(p, index, depth);
    if (parser_kind_at(p, *index) == TOK_LBRACKET && parser_kind_at(p, *index + 1) == TOK_RBRACKET)
        *index += 2;
    return true;
}
