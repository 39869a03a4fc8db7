/* sema/check_lambda.c: lambdas (language.md §3.4.8, §5b item 7), function
 * types (§3.2), named functions used as values and indirect calls (§3.4.3
 * item 4). A lambda body is checked as its own SemaFunction, so its locals and
 * its `return` statements belong to it; uses of enclosing locals become
 * captures (SemaLambda in sema/program.h). `break`/`continue` never cross the lambda boundary. */
#include <stdio.h>

#include "sema/checker.h"
#include "support/check.h"

Type *check_function_type(Checker *c, const AstType *type, bool in_definition)
{
    uint32_t n = type->function.param_count;
    Type **params = ARENA_ARRAY(c->arena, Type *, n ? n : 1);
    bool bad = false;
    for (uint32_t i = 0; i < n; i++) {
        params[i] = resolve_type(c, type->function.params[i], in_definition);
        if (type_is_error(params[i]))
            bad = true;
        else if (params[i]->kind == TYPE_UNIT) {
            check_unsupported(c, type->function.params[i]->span, "unit-typed parameters");
            bad = true;
        }
    }
    Type *ret = resolve_type(c, type->function.ret, in_definition);
    if (bad || type_is_error(ret))
        return check_error_type(c);
    return type_function(c->types, ret, params, n);
}

Type *check_function_value(Checker *c, SemaFunction *fn)
{
    if (fn->type_param_count || type_is_error(fn->ret)) /* E1203 at the use, or reported at the item */
        return check_error_type(c);
    for (uint32_t i = 0; i < fn->param_count; i++)
        if (type_is_error(fn->params[i]) || fn->params[i]->kind == TYPE_UNIT)
            return check_error_type(c);
    return type_function(c->types, fn->ret, fn->params, fn->param_count);
}

void check_note_use(Checker *c, SemaLocal *local)
{
    if (!c->fn || local->owner == c->fn)
        return;
    local->is_captured = true;
    /* every lambda between the use and the declaration carries the variable */
    for (SemaFunction *f = c->fn; f && f != local->owner && f->lambda; f = f->lambda->parent)
        if (sema_capture_index(f->lambda, local) == UINT32_MAX)
            VEC_PUSH(c->arena, &f->lambda->captures, local);
}

Type *check_indirect_call(Checker *c, const AstExpr *e, Type *callee_type)
{
    /* lowering: a call without a callee binding is an indirect call */
    check_node(c, e->id)->binding = (SemaBinding){.kind = SEMA_BIND_NONE};
    check_call_args(c, e, callee_type->args, callee_type->arg_count);
    return check_set_type(c, e, callee_type->ret);
}

void check_lambda_return(Checker *c, const AstStmt *s)
{
    if (s->return_.value)
        check_expr(c, s->return_.value, NULL);
    if (c->lambda_returns) /* else an expression body, whose type is still being found */
        VEC_PUSH(c->arena, &c->lambda_returns->returns, s);
}

/* §5b item 7: the common type of the `return e;` statements, else unit. */
static Type *infer_block_ret(Checker *c, const LambdaReturns *lambda)
{
    Type *unit = type_primitive(c->types, TYPE_UNIT);
    Type *common = NULL;
    for (uint32_t i = 0; i < lambda->returns.count; i++) {
        const AstStmt *s = lambda->returns.items[i];
        Type *t = s->return_.value ? check_type_of(c, s->return_.value) : unit;
        if (type_is_error(t))
            return t;
        if (t->kind == TYPE_NEVER)
            continue;
        if (!common || numeric_widens(common, t))
            common = t;
    }
    if (!common)
        common = unit;
    for (uint32_t i = 0; i < lambda->returns.count; i++) {
        const AstStmt *s = lambda->returns.items[i];
        if (s->return_.value)
            numeric_coerce(c, s->return_.value, common);
        else if (common->kind != TYPE_UNIT)
            diag_report(&c->stages[STAGE_TYPES], s->span, DIAG_E1207_RETURN_TYPE_MISMATCH, type_name(c->arena, common));
    }
    return common;
}

static void check_lambda_body(Checker *c, const AstExpr *e, SemaLambda *lambda, Type *want_ret)
{
    SemaFunction *fn = lambda->fn;
    const AstExpr *body = e->lambda.body;
    if (body->kind != AST_EXPR_BLOCK) {
        Type *t = check_expr(c, body, want_ret);
        if (want_ret) {
            numeric_coerce(c, body, want_ret);
            t = want_ret;
        }
        fn->ret = t;
        return;
    }
    fn->ret = want_ret;
    LambdaReturns returns = {0};
    LambdaReturns *saved = c->lambda_returns;
    c->lambda_returns = want_ret ? NULL : &returns;
    check_block(c, body->block);
    c->lambda_returns = saved;
    check_set_type(c, body, type_primitive(c->types, TYPE_UNIT));
    if (!want_ret)
        fn->ret = infer_block_ret(c, &returns);
    if (fn->ret->kind != TYPE_UNIT && !type_is_error(fn->ret) && !check_block_terminates(c, body->block)) {
        Span brace = body->block->span;
        brace.start = brace.end > 0 ? brace.end - 1 : 0;
        diag_report(&c->stages[STAGE_RETURN], brace, DIAG_E2001_UNSUPPORTED_NODE, "implicit non-unit return");
    }
}

Type *check_lambda(Checker *c, const AstExpr *e, Type *expected)
{
    SemaLambda *lambda = ARENA_NEW(c->arena, SemaLambda);
    SemaFunction *fn = ARENA_NEW(c->arena, SemaFunction);
    fn->lambda = lambda;
    fn->item = c->fn->item;
    fn->name = c->fn->name;
    fn->facts = c->facts;
    lambda->fn = fn;
    lambda->parent = c->fn;
    lambda->root = c->fn->lambda ? c->fn->lambda->root : c->fn;
    lambda->index = c->lambda_count++;
    check_node(c, e->id)->lambda = lambda;

    uint32_t n = e->lambda.param_count;
    Type *want = expected && expected->kind == TYPE_FUNCTION ? expected : NULL;
    bool arity_bad = want && want->arg_count != n;
    if (arity_bad) {
        check_report_arity(c, e->span, want->arg_count, n);
        want = NULL;
    }
    fn->param_count = n;
    fn->params = ARENA_ARRAY(c->arena, Type *, n ? n : 1);
    bool bad = false;
    for (uint32_t i = 0; i < n; i++) {
        const AstLambdaParam *p = &e->lambda.params[i];
        Type *t;
        if (p->type)
            t = resolve_type(c, p->type, false);
        else if (want)
            t = want->args[i];
        else if (arity_bad) /* already reported */
            t = check_error_type(c);
        else {
            diag_report(&c->stages[STAGE_TYPES], p->name.span, DIAG_E1202_MISSING_TYPE_ANNOTATION, p->name.name);
            t = check_error_type(c);
        }
        if (!type_is_error(t) && t->kind == TYPE_UNIT) {
            check_unsupported(c, p->name.span, "unit-typed parameters");
            t = check_error_type(c);
        }
        bad = bad || type_is_error(t);
        fn->params[i] = t;
    }

    SemaFunction *saved_fn = c->fn;
    LambdaReturns *saved_returns = c->lambda_returns;
    uint32_t saved_depth = c->loop_depth;
    c->fn = fn;
    c->lambda_returns = NULL;
    c->loop_depth = 0; /* break/continue never cross a lambda (§5b item 7) */
    Scope params;
    scope_push(c, &params, NULL);
    for (uint32_t i = 0; i < n; i++) {
        const AstLambdaParam *p = &e->lambda.params[i];
        SemaLocal *local = scope_declare(c, p->name.name, p->name.span, fn->params[i], true);
        local->is_param = true;
        check_bind_local(c, p->id, local);
    }
    check_lambda_body(c, e, lambda, want ? want->ret : NULL);
    scope_pop(c);
    c->fn = saved_fn;
    c->lambda_returns = saved_returns;
    c->loop_depth = saved_depth;

    if (bad || type_is_error(fn->ret))
        return check_set_type(c, e, check_error_type(c));
    lambda->type = type_function(c->types, fn->ret, fn->params, n);
    return check_set_type(c, e, lambda->type);
}
