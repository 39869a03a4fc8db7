/* syntax/parse_expr.c: expressions (language.md §2.5, §5a, §5b item 4).
 * Binary operators use precedence climbing over binop_table; `as` binds
 * tighter than `*` and applies to the unary expression on its left. The
 * lambda/grouping, generic-argument and struct-literal rules of §2.6 are
 * decided by lookahead here. */
#include "support/vec.h"
#include "syntax/parser_internal.h"

AstExpr *ast_new_expr(Parser *p, AstExprKind kind, Span span)
{
    AstExpr *expr = ARENA_NEW(p->arena, AstExpr);
    expr->kind = kind;
    expr->id = parser_new_id(p);
    expr->span = span;
    return expr;
}

typedef struct BinopInfo {
    TokenKind token;
    AstBinaryOp op;
    int prec;
} BinopInfo;

static const BinopInfo binop_table[] = {
    {TOK_OR, AST_BINARY_OR, 3},        {TOK_AND, AST_BINARY_AND, 4},      {TOK_EQ, AST_BINARY_EQ, 5},
    {TOK_NE, AST_BINARY_NE, 5},        {TOK_SAME, AST_BINARY_SAME, 5},    {TOK_NOTSAME, AST_BINARY_NOTSAME, 5},
    {TOK_LT, AST_BINARY_LT, 6},        {TOK_LE, AST_BINARY_LE, 6},        {TOK_GT, AST_BINARY_GT, 6},
    {TOK_GE, AST_BINARY_GE, 6},        {TOK_PLUS, AST_BINARY_ADD, 7},     {TOK_MINUS, AST_BINARY_SUB, 7},
    {TOK_STAR, AST_BINARY_MUL, 8},     {TOK_SLASH, AST_BINARY_DIV, 8},    {TOK_PERCENT, AST_BINARY_REM, 8},
};

static const BinopInfo *binop_of(TokenKind kind)
{
    for (size_t i = 0; i < sizeof binop_table / sizeof binop_table[0]; i++)
        if (binop_table[i].token == kind)
            return &binop_table[i];
    return NULL;
}

static bool assign_op_of(TokenKind kind, AstAssignOp *op)
{
    switch (kind) {
    case TOK_ASSIGN: *op = AST_ASSIGN; return true;
    case TOK_PLUS_ASSIGN: *op = AST_ASSIGN_ADD; return true;
    case TOK_MINUS_ASSIGN: *op = AST_ASSIGN_SUB; return true;
    case TOK_STAR_ASSIGN: *op = AST_ASSIGN_MUL; return true;
    case TOK_SLASH_ASSIGN: *op = AST_ASSIGN_DIV; return true;
    case TOK_PERCENT_ASSIGN: *op = AST_ASSIGN_REM; return true;
    default: return false;
    }
}

/* ---- literals --------------------------------------------------------------------- */

static AstExpr *string_expr(Parser *p, const char *bytes, uint32_t len, Span span)
{
    AstExpr *expr = ast_new_expr(p, AST_EXPR_STRING, span);
    expr->string_lit.bytes = bytes;
    expr->string_lit.len = len;
    return expr;
}

/* literal = FLOAT | INT | STRING | CHAR | "true" | "false" ; */
AstExpr *parse_literal_expr(Parser *p)
{
    const Token *tok = parser_peek(p);
    AstExpr *expr;
    switch (tok->kind) {
    case TOK_INT:
        expr = ast_new_expr(p, AST_EXPR_INT, tok->span);
        expr->int_lit.value = tok->int_value;
        expr->int_lit.overflowed = tok->overflowed;
        break;
    case TOK_FLOAT:
        expr = ast_new_expr(p, AST_EXPR_FLOAT, tok->span);
        expr->float_lit = tok->float_value;
        break;
    case TOK_CHAR:
        expr = ast_new_expr(p, AST_EXPR_CHAR, tok->span);
        expr->char_lit = tok->char_value;
        break;
    case TOK_KW_TRUE:
    case TOK_KW_FALSE:
        expr = ast_new_expr(p, AST_EXPR_BOOL, tok->span);
        expr->bool_lit = tok->kind == TOK_KW_TRUE;
        break;
    case TOK_STRING:
        if (!tok->is_interpolated) {
            expr = string_expr(p, tok->text, tok->len, tok->span);
            break;
        }
        expr = ast_new_expr(p, AST_EXPR_INTERPOLATION, tok->span);
        expr->interpolation.parts = ARENA_ARRAY(p->arena, AstExpr *, tok->part_count);
        expr->interpolation.count = tok->part_count;
        for (uint32_t i = 0; i < tok->part_count; i++) {
            const StringPart *part = &tok->parts[i];
            expr->interpolation.parts[i] = part->is_expr ? parser_parse_interpolated(p, part->span)
                                                         : string_expr(p, part->text, part->len, part->span);
        }
        break;
    default:
        parser_error_expected(p, "literal");
    }
    parser_advance(p);
    return expr;
}

/* ---- primaries ---------------------------------------------------------------------- */

/* args = expression { "," expression } ;  the `(` is current */
static AstExpr **parse_args(Parser *p, uint32_t *count, const char *closing)
{
    bool saved = p->no_struct;
    p->no_struct = false;
    parser_expect(p, TOK_LPAREN, "");
    VEC(AstExpr *) args = {0};
    if (!parser_at(p, TOK_RPAREN)) {
        do
            VEC_PUSH(p->arena, &args, parse_expr(p));
        while (parser_accept(p, TOK_COMMA));
    }
    parser_expect(p, TOK_RPAREN, closing);
    p->no_struct = saved;
    *count = args.count;
    return args.items;
}

/* After `>` of generic arguments in an expression, one of these must follow
 * (as in C#), so that `f(a < b, c > d)` stays two comparisons. */
static bool generic_args_end_ok(TokenKind kind)
{
    switch (kind) {
    case TOK_LPAREN:
    case TOK_RPAREN:
    case TOK_RBRACKET:
    case TOK_LBRACE:
    case TOK_RBRACE:
    case TOK_COLON:
    case TOK_SEMI:
    case TOK_COMMA:
    case TOK_DOT:
    case TOK_QUESTION:
    case TOK_EQ:
    case TOK_NE:
    case TOK_SAME:
    case TOK_NOTSAME:
    case TOK_ASSIGN:
    case TOK_ARROW:
    case TOK_EOF:
        return true;
    default:
        return false;
    }
}

/* path = segment { "." segment } ; in expressions `<` opens generic arguments
 * only when `< type {, type} >` scans completely (§2.6) and a token that can
 * follow a path comes next. */
static AstPath parse_expr_path(Parser *p)
{
    AstPath path = {0};
    VEC(AstPathSegment) segs = {0};
    Span start = parser_peek(p)->span;
    for (;;) {
        AstIdent name = parser_expect_ident(p, "after `.`");
        AstPathSegment seg = {0};
        seg.name = name.name;
        seg.span = name.span;
        uint32_t index = p->pos;
        if (parser_at(p, TOK_LT) && scan_generic_args(p, &index, p->depth) &&
            generic_args_end_ok(parser_kind_at(p, index)))
            parse_generic_args(p, &seg);
        VEC_PUSH(p->arena, &segs, seg);
        if (!parser_at(p, TOK_DOT))
            break;
        parser_advance(p);
    }
    path.segments = segs.items;
    path.count = segs.count;
    path.span = span_join(start, parser_prev_span(p));
    return path;
}

/* struct_lit = path "{" [ field_init { "," field_init } [ "," ] ] "}" ; */
static AstExpr *parse_struct_lit(Parser *p, AstPath path)
{
    bool saved = p->no_struct;
    p->no_struct = false;
    parser_expect(p, TOK_LBRACE, "");
    VEC(AstFieldInit) fields = {0};
    while (!parser_at(p, TOK_RBRACE)) {
        AstFieldInit field = {0};
        field.name = parser_expect_ident(p, "(a field name) in struct literal");
        parser_expect(p, TOK_COLON, "after field name in struct literal");
        field.value = parse_expr(p);
        VEC_PUSH(p->arena, &fields, field);
        if (!parser_accept(p, TOK_COMMA))
            break;
    }
    parser_expect(p, TOK_RBRACE, "to close the struct literal");
    p->no_struct = saved;
    AstExpr *expr = ast_new_expr(p, AST_EXPR_STRUCT_LIT, span_join(path.span, parser_prev_span(p)));
    expr->struct_lit.type_path = path;
    expr->struct_lit.fields = fields.items;
    expr->struct_lit.field_count = fields.count;
    return expr;
}

/* In a condition head, `path {` is a struct literal only when `{` is followed
 * by `IDENT :` (§2.6 [FIX]: `if ok {} else {}` is an if with empty blocks). */
static bool struct_lit_follows(const Parser *p)
{
    if (!parser_at(p, TOK_LBRACE))
        return false;
    if (!p->no_struct)
        return true;
    return parser_peek_at(p, 1)->kind == TOK_IDENT && parser_peek_at(p, 2)->kind == TOK_COLON;
}

/* { IDENT "." } IDENT "::" IDENT "(" [ args ] ")" — the leading segments name
 * the enum's module (language.md §3.7) */
static AstExpr *parse_enum_ctor(Parser *p, uint32_t module_count)
{
    AstIdent *modules = parser_enum_path_modules(p, module_count);
    AstIdent enum_name = parser_expect_ident(p, "");
    parser_expect(p, TOK_COLON_COLON, "");
    AstIdent variant = parser_expect_ident(p, "after `::`");
    if (!parser_at(p, TOK_LPAREN))
        parser_error_expected(p, "`(` after enum variant (enum constructors need parentheses)");
    Span start = module_count ? modules[0].span : enum_name.span;
    AstExpr *expr = ast_new_expr(p, AST_EXPR_ENUM_CTOR, start);
    expr->enum_ctor.modules = modules;
    expr->enum_ctor.module_count = module_count;
    expr->enum_ctor.enum_name = enum_name;
    expr->enum_ctor.variant = variant;
    expr->enum_ctor.args = parse_args(p, &expr->enum_ctor.arg_count, "to close the constructor arguments");
    expr->span = span_join(start, parser_prev_span(p));
    return expr;
}

/* "[" [ expression { "," expression } [ "," ] ] "]" */
static AstExpr *parse_array_lit(Parser *p)
{
    bool saved = p->no_struct;
    p->no_struct = false;
    Span start = parser_expect(p, TOK_LBRACKET, "")->span;
    VEC(AstExpr *) elems = {0};
    while (!parser_at(p, TOK_RBRACKET)) {
        VEC_PUSH(p->arena, &elems, parse_expr(p));
        if (!parser_accept(p, TOK_COMMA))
            break;
    }
    parser_expect(p, TOK_RBRACKET, "to close the array literal");
    p->no_struct = saved;
    AstExpr *expr = ast_new_expr(p, AST_EXPR_ARRAY_LIT, span_join(start, parser_prev_span(p)));
    expr->array_lit.elements = elems.items;
    expr->array_lit.count = elems.count;
    return expr;
}

static AstExpr *parse_block_expr(Parser *p)
{
    bool saved = p->no_struct;
    p->no_struct = false;
    AstBlock *block = parse_block(p);
    p->no_struct = saved;
    AstExpr *expr = ast_new_expr(p, AST_EXPR_BLOCK, block->span);
    expr->block = block;
    return expr;
}

static AstExpr *parse_primary(Parser *p)
{
    const Token *tok = parser_peek(p);
    switch (tok->kind) {
    case TOK_INT:
    case TOK_FLOAT:
    case TOK_STRING:
    case TOK_CHAR:
    case TOK_KW_TRUE:
    case TOK_KW_FALSE:
        return parse_literal_expr(p);
    case TOK_LPAREN: {
        bool saved = p->no_struct;
        p->no_struct = false;
        parser_advance(p);
        AstExpr *inner = parse_expr(p);
        parser_expect(p, TOK_RPAREN, "to close the parenthesized expression");
        p->no_struct = saved;
        inner->span = span_join(tok->span, parser_prev_span(p));
        return inner;
    }
    case TOK_LBRACE:
        return parse_block_expr(p);
    case TOK_LBRACKET:
        return parse_array_lit(p);
    case TOK_IDENT: {
        uint32_t modules = parser_enum_path_count(p);
        if (modules != UINT32_MAX)
            return parse_enum_ctor(p, modules);
        AstPath path = parse_expr_path(p);
        if (struct_lit_follows(p))
            return parse_struct_lit(p, path);
        AstExpr *expr = ast_new_expr(p, AST_EXPR_PATH, path.span);
        expr->path.path = path;
        return expr;
    }
    case TOK_KW_MATCH:
        parser_error_at(p, tok->span, "a `match` used as an operand must be parenthesized");
    default:
        parser_error_expected(p, "expression");
    }
}

/* postfix = primary { "(" [ args ] ")" | "." IDENT | "?" | "[" expression "]" } ; */
static AstExpr *parse_postfix(Parser *p)
{
    AstExpr *expr = parse_primary(p);
    for (;;) {
        if (parser_at(p, TOK_LPAREN)) {
            parser_deepen(p);
            AstExpr *call = ast_new_expr(p, AST_EXPR_CALL, expr->span);
            call->call.callee = expr;
            call->call.args = parse_args(p, &call->call.arg_count, "to close the call arguments");
            call->span = span_join(expr->span, parser_prev_span(p));
            expr = call;
        } else if (parser_accept(p, TOK_DOT)) {
            parser_deepen(p);
            AstExpr *member = ast_new_expr(p, AST_EXPR_MEMBER, expr->span);
            member->member.object = expr;
            member->member.name = parser_expect_ident(p, "after `.`");
            member->span = span_join(expr->span, member->member.name.span);
            expr = member;
        } else if (parser_at(p, TOK_QUESTION)) {
            parser_deepen(p);
            AstExpr *try_ = ast_new_expr(p, AST_EXPR_TRY, span_join(expr->span, parser_advance(p)->span));
            try_->try_.operand = expr;
            expr = try_;
        } else if (parser_at(p, TOK_LBRACKET)) {
            bool saved = p->no_struct;
            p->no_struct = false;
            parser_advance(p);
            parser_deepen(p);
            AstExpr *index = ast_new_expr(p, AST_EXPR_INDEX, expr->span);
            index->index.object = expr;
            index->index.index = parse_expr(p);
            parser_expect(p, TOK_RBRACKET, "to close the index");
            p->no_struct = saved;
            index->span = span_join(expr->span, parser_prev_span(p));
            expr = index;
        } else {
            return expr;
        }
    }
}

/* unary = { "-" | "!" } postfix ;  (iterative: no recursion per operator) */
static AstExpr *parse_unary(Parser *p)
{
    VEC(const Token *) ops = {0};
    while (parser_at(p, TOK_MINUS) || parser_at(p, TOK_BANG)) {
        parser_deepen(p);
        VEC_PUSH(p->arena, &ops, parser_advance(p));
    }
    AstExpr *expr = parse_postfix(p);
    while (ops.count > 0) {
        const Token *op = ops.items[--ops.count];
        AstExpr *unary = ast_new_expr(p, AST_EXPR_UNARY, span_join(op->span, expr->span));
        unary->unary.op = op->kind == TOK_MINUS ? AST_UNARY_NEG : AST_UNARY_NOT;
        unary->unary.operand = expr;
        expr = unary;
    }
    return expr;
}

/* cast = unary { "as" type } ; */
static AstExpr *parse_cast(Parser *p)
{
    AstExpr *expr = parse_unary(p);
    while (parser_at(p, TOK_IDENT) && parser_peek(p)->ident == p->sym_as) {
        parser_advance(p);
        parser_deepen(p);
        AstExpr *cast = ast_new_expr(p, AST_EXPR_CAST, expr->span);
        cast->cast.operand = expr;
        cast->cast.target = parse_type(p);
        cast->span = span_join(expr->span, cast->cast.target->span);
        expr = cast;
    }
    return expr;
}

/* binary = cast { BINOP cast }  (precedence from binop_table). A chain
 * `a + b + …` is one level deeper than its deepest operand, however long:
 * the left-leaning tree it builds is walked iteratively by its consumers
 * (sema/check_expr.c, lower/lower_expr.c). */
static AstExpr *parse_binary(Parser *p, int min_prec)
{
    int base = p->expr_depth;
    AstExpr *lhs = parse_cast(p);
    int deepest = p->expr_depth;
    bool chained = false;
    for (const BinopInfo *op; (op = binop_of(parser_peek(p)->kind)) && op->prec >= min_prec;) {
        const Token *op_tok = parser_advance(p);
        p->expr_depth = base;
        AstExpr *rhs = parse_binary(p, op->prec + 1);
        if (p->expr_depth > deepest)
            deepest = p->expr_depth;
        chained = true;
        AstExpr *bin = ast_new_expr(p, AST_EXPR_BINARY, span_join(lhs->span, rhs->span));
        bin->binary.op = op->op;
        bin->binary.lhs = lhs;
        bin->binary.rhs = rhs;
        bin->binary.op_span = op_tok->span;
        lhs = bin;
    }
    if (chained) {
        p->expr_depth = deepest;
        parser_deepen(p);
    }
    return lhs;
}

/* assignment = logical_or [ ASSIGN_OP expression ] ;  right-associative. The
 * right side is a full expression, so `x = match …` and `f = x => …` parse. */
static AstExpr *parse_assignment(Parser *p)
{
    AstExpr *target = parse_binary(p, 0);
    AstAssignOp op;
    if (!assign_op_of(parser_peek(p)->kind, &op))
        return target;
    const Token *op_tok = parser_advance(p);
    AstExpr *value = parse_expr(p);
    AstExpr *assign = ast_new_expr(p, AST_EXPR_ASSIGN, span_join(target->span, value->span));
    assign->assign.op = op;
    assign->assign.target = target;
    assign->assign.value = value;
    assign->assign.op_span = op_tok->span;
    return assign;
}

/* ---- lambdas and match ---------------------------------------------------------------- */

/* `(` starts a lambda iff its matching `)` is followed by `=>` (§2.6). */
static bool paren_lambda_follows(const Parser *p)
{
    int depth = 0;
    for (uint32_t i = p->pos; i < p->count; i++) {
        switch (p->toks[i].kind) {
        case TOK_LPAREN:
        case TOK_LBRACE:
        case TOK_LBRACKET:
            depth++;
            break;
        case TOK_RPAREN:
        case TOK_RBRACE:
        case TOK_RBRACKET:
            if (--depth == 0)
                return p->toks[i].kind == TOK_RPAREN && parser_kind_at(p, i + 1) == TOK_ARROW;
            if (depth < 0)
                return false;
            break;
        case TOK_EOF:
        case TOK_ERROR:
            return false;
        default:
            break;
        }
    }
    return false;
}

/* lambda_param = type IDENT | IDENT ; */
static AstLambdaParam parse_lambda_param(Parser *p)
{
    AstLambdaParam param = {.id = parser_new_id(p)};
    TokenKind next = parser_peek_at(p, 1)->kind;
    if (!(parser_at(p, TOK_IDENT) && (next == TOK_COMMA || next == TOK_RPAREN)))
        param.type = parse_type(p);
    param.name = parser_expect_ident(p, "(a lambda parameter name)");
    return param;
}

/* lambda = ( IDENT | "(" [ lambda_param { "," lambda_param } ] ")" ) "=>" ( block | expression ) ; */
static AstExpr *parse_lambda(Parser *p)
{
    Span start = parser_peek(p)->span;
    AstExpr *expr = ast_new_expr(p, AST_EXPR_LAMBDA, start);
    VEC(AstLambdaParam) params = {0};
    if (parser_at(p, TOK_IDENT)) {
        AstLambdaParam param = {.id = parser_new_id(p)};
        param.name = parser_expect_ident(p, "");
        VEC_PUSH(p->arena, &params, param);
    } else {
        expr->lambda.has_parens = true;
        parser_expect(p, TOK_LPAREN, "");
        if (!parser_at(p, TOK_RPAREN)) {
            do
                VEC_PUSH(p->arena, &params, parse_lambda_param(p));
            while (parser_accept(p, TOK_COMMA));
        }
        parser_expect(p, TOK_RPAREN, "to close the lambda parameters");
    }
    parser_expect(p, TOK_ARROW, "after lambda parameters");
    bool saved = p->no_struct;
    p->no_struct = false;
    expr->lambda.body = parser_at(p, TOK_LBRACE) ? parse_block_expr(p) : parse_expr(p);
    p->no_struct = saved;
    expr->lambda.params = params.items;
    expr->lambda.param_count = params.count;
    expr->span = span_join(start, expr->lambda.body->span);
    return expr;
}

/* match_expr = "match" expression "{" [ arm { "," arm } [ "," ] ] "}" ;
 * arm = pattern [ "when" expression ] "=>" expression ;
 * A comma after an arm whose value is a block is optional (§5b item 6). */
AstExpr *parse_match(Parser *p)
{
    Span start = parser_expect(p, TOK_KW_MATCH, "")->span;
    AstExpr *expr = ast_new_expr(p, AST_EXPR_MATCH, start);
    expr->match.scrutinee = parse_expr_no_struct(p);
    bool saved = p->no_struct;
    p->no_struct = false;
    parser_expect(p, TOK_LBRACE, "to open the match arms");
    VEC(AstMatchArm) arms = {0};
    while (!parser_at(p, TOK_RBRACE)) {
        AstMatchArm arm = {0};
        arm.pattern = parse_pattern(p);
        if (parser_accept(p, TOK_KW_WHEN))
            arm.guard = parse_binary(p, 0);
        parser_expect(p, TOK_ARROW, "after match pattern");
        /* a block arm ends at its `}` (as in Rust): `{ … } -1 => …` is two arms */
        bool block_value = parser_at(p, TOK_LBRACE);
        arm.value = block_value ? parse_block_expr(p) : parse_expr(p);
        arm.span = span_join(arm.pattern->span, arm.value->span);
        VEC_PUSH(p->arena, &arms, arm);
        if (parser_accept(p, TOK_COMMA) || parser_at(p, TOK_RBRACE))
            continue;
        if (!block_value)
            parser_error_expected(p, "`,` or `}` after match arm");
    }
    parser_expect(p, TOK_RBRACE, "to close the match");
    p->no_struct = saved;
    expr->match.arms = arms.items;
    expr->match.arm_count = arms.count;
    expr->span = span_join(start, parser_prev_span(p));
    return expr;
}

/* expression = lambda | match_expr | assignment ; */
AstExpr *parse_expr(Parser *p)
{
    parser_enter(p);
    parser_deepen(p);
    int saved_depth = p->expr_depth;
    AstExpr *expr;
    if (parser_at(p, TOK_KW_MATCH))
        expr = parse_match(p);
    else if (parser_at(p, TOK_IDENT) && parser_peek_at(p, 1)->kind == TOK_ARROW)
        expr = parse_lambda(p);
    else if (parser_at(p, TOK_LPAREN) && paren_lambda_follows(p))
        expr = parse_lambda(p);
    else
        expr = parse_assignment(p);
    p->expr_depth = saved_depth - 1;
    parser_leave(p);
    return expr;
}

AstExpr *parse_expr_no_struct(Parser *p)
{
    bool saved = p->no_struct;
    p->no_struct = true;
    AstExpr *expr = parse_expr(p);
    p->no_struct = saved;
    return expr;
}
