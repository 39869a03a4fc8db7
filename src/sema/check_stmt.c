/* sema/check_stmt.c: function bodies, blocks and statements, with the
 * control-flow checks of language.md §3.5: loops (E1401/E1402), unreachable
 * statements (W1403) and definite return (§5b item 5: E2001 at the closing
 * brace of a non-unit function that can complete normally). */
#include "sema/checker.h"
#include "support/check.h"

static void check_stmt(Checker *c, const AstStmt *s);
static bool block_terminates(const Checker *c, const AstBlock *b);

static bool has_break(const AstBlock *b);

static bool stmt_has_break(const AstStmt *s)
{
    switch (s->kind) {
    case AST_STMT_BREAK: return true;
    case AST_STMT_IF:
        for (; s; s = s->if_.else_if) /* an `else if` chain, iteratively */
            if (has_break(s->if_.then_block) || (s->if_.else_block && has_break(s->if_.else_block)))
                return true;
        return false;
    case AST_STMT_EXPR: return s->expr.expr->kind == AST_EXPR_BLOCK && has_break(s->expr.expr->block);
    default: return false; /* a nested loop owns its breaks */
    }
}

/* True when a `break` in 'b' targets the loop whose body 'b' is. */
static bool has_break(const AstBlock *b)
{
    for (uint32_t i = 0; i < b->count; i++)
        if (stmt_has_break(b->stmts[i]))
            return true;
    return false;
}

/* True when 'e', already checked, has type never. */
static bool diverges(const Checker *c, const AstExpr *e)
{
    const Type *t = sema_own_type(c->facts, e);
    return t && t->kind == TYPE_NEVER;
}

static bool stmt_terminates(const Checker *c, const AstStmt *s)
{
    switch (s->kind) {
    case AST_STMT_RETURN: return true;
    case AST_STMT_EXPR:
        if (s->expr.expr->kind == AST_EXPR_BLOCK)
            return block_terminates(c, s->expr.expr->block);
        if (s->expr.expr->kind == AST_EXPR_MATCH) { /* §5b item 5: every arm terminates */
            const AstExpr *m = s->expr.expr;
            for (uint32_t i = 0; i < m->match.arm_count; i++) {
                const AstExpr *v = m->match.arms[i].value;
                bool ends = v->kind == AST_EXPR_BLOCK ? block_terminates(c, v->block) : diverges(c, v);
                if (!ends)
                    return false;
            }
            return m->match.arm_count > 0;
        }
        return diverges(c, s->expr.expr);
    case AST_STMT_WHILE:
        return s->while_.cond->kind == AST_EXPR_BOOL && s->while_.cond->bool_lit && !has_break(s->while_.body);
    case AST_STMT_IF:
        for (;; s = s->if_.else_if) { /* an `else if` chain, iteratively */
            if (!block_terminates(c, s->if_.then_block))
                return false;
            if (s->if_.else_block)
                return block_terminates(c, s->if_.else_block);
            if (!s->if_.else_if)
                return false;
        }
    default: return false;
    }
}

static bool block_terminates(const Checker *c, const AstBlock *b)
{
    for (uint32_t i = 0; i < b->count; i++)
        if (stmt_terminates(c, b->stmts[i]))
            return true;
    return false;
}

bool check_block_terminates(const Checker *c, const AstBlock *block)
{
    return block_terminates(c, block);
}

void check_function_body(Checker *c, SemaFunction *fn)
{
    SemaFacts *saved_facts = c->facts;
    c->facts = (SemaFacts *)fn->facts; /* an instance's own table (generics.c) */
    if (fn->module)
        c->module = (SemaModule *)fn->module;
    c->env = &fn->env;
    c->fn = fn;
    c->loop_depth = 0;
    Scope params;
    scope_push(c, &params, NULL);
    uint32_t first = 0;
    if (fn->receiver) { /* a method's implicit, immutable `this` (§3.6.4, §5b item 12) */
        SemaLocal *self = scope_declare(c, intern_cstr(c->interner, "this"), fn->ast->name.span, fn->params[0], false);
        self->is_param = true;
        first = 1;
    }
    for (uint32_t i = first; i < fn->param_count; i++) {
        const AstParam *p = &fn->ast->params[i - first];
        SemaLocal *local = scope_declare(c, p->name.name, p->name.span, fn->params[i], true);
        local->is_param = true;
        check_bind_local(c, p->id, local);
    }
    check_block(c, fn->ast->body);
    scope_pop(c);
    if (fn->ret->kind != TYPE_UNIT && !type_is_error(fn->ret) && !block_terminates(c, fn->ast->body)) {
        Span brace = fn->ast->body->span;
        brace.start = brace.end > 0 ? brace.end - 1 : 0;
        Diag *d = diag_report(&c->stages[STAGE_RETURN], brace, DIAG_E2001_UNSUPPORTED_NODE, "implicit non-unit return");
        diag_set_label(&c->stages[STAGE_RETURN], d, "the function can reach its end without returning a value");
        diag_add_child(&c->stages[STAGE_RETURN], d, DIAG_CHILD_HELP, SPAN_NONE,
                       "`%s` returns `%s`: end every path with `return <value>;`", fn->name,
                       type_name(c->arena, fn->ret));
        diag_add_span(&c->stages[STAGE_RETURN], d, fn->ast->ret->span, "declared to return `%s`",
                      type_name(c->arena, fn->ret));
    }
    c->fn = NULL;
    c->env = NULL;
    c->facts = saved_facts;
}

void check_block(Checker *c, const AstBlock *block)
{
    Scope scope;
    scope_push(c, &scope, block);
    bool jumped = false, warned = false;
    for (uint32_t i = 0; i < block->count; i++) {
        const AstStmt *s = block->stmts[i];
        if (jumped && !warned) {
            Diag *d = diag_report(&c->stages[STAGE_FLOW], s->span, DIAG_W1403_UNREACHABLE_CODE);
            diag_set_label(&c->stages[STAGE_FLOW], d, "unreachable statement");
            diag_set_help(&c->stages[STAGE_FLOW], d, "remove this statement or move it before the terminating statement");
            warned = true;
        }
        scope.next_stmt = i;
        check_stmt(c, s);
        if (s->kind == AST_STMT_RETURN || s->kind == AST_STMT_BREAK || s->kind == AST_STMT_CONTINUE)
            jumped = true;
    }
    scope_pop(c);
}

static void check_condition(Checker *c, const AstExpr *cond)
{
    Type *t = check_expr(c, cond, type_primitive(c->types, TYPE_BOOL));
    if (type_is_error(t) || t->kind == TYPE_BOOL || t->kind == TYPE_NEVER)
        return;
    Diag *d = diag_report(&c->stages[STAGE_TYPES], cond->span, DIAG_E1208_NON_BOOLEAN_CONDITION);
    diag_set_label(&c->stages[STAGE_TYPES], d, "condition must be boolean");
}

static void check_let(Checker *c, const AstStmt *s)
{
    Type *declared = s->let.type ? resolve_type(c, s->let.type, false) : NULL;
    uint32_t before = c->stages[STAGE_TYPES].items.count;
    Type *t = check_expr(c, s->let.init, declared);
    if (declared) {
        check_coerce(c, s->let.init, declared);
        hint_expected_because(&c->stages[STAGE_TYPES], before, s->let.init->span, s->let.type->span,
                              arena_printf(c->arena, "expected `%s` because of this type", type_name(c->arena, declared)));
    } else
        declared = t;
    SemaLocal *local = scope_declare(c, s->let.name.name, s->let.name.span, declared, s->let.is_mutable);
    check_bind_local(c, s->id, local);
}

static bool is_range_call(const Checker *c, const AstExpr *e)
{
    return e->kind == AST_EXPR_CALL && e->call.callee->kind == AST_EXPR_PATH &&
           e->call.callee->path.path.count == 1 && e->call.callee->path.path.segments[0].name == c->sym_range &&
           !e->call.callee->path.path.segments[0].has_generic_args && e->call.arg_count == 2;
}

static void check_for(Checker *c, const AstStmt *s)
{
    const AstExpr *it = s->for_.iterable;
    SemaFor *facts = ARENA_NEW(c->arena, SemaFor);
    check_node(c, s->id)->loop = facts;
    Type *var_type = check_error_type(c);
    if (is_range_call(c, it)) {
        const AstExpr *a = it->call.args[0], *b = it->call.args[1];
        Type *ta, *tb;
        if (numeric_is_literal(a) && !numeric_is_literal(b)) {
            tb = check_expr(c, b, NULL);
            ta = check_expr(c, a, tb);
        } else {
            ta = check_expr(c, a, NULL);
            tb = check_expr(c, b, ta);
        }
        if (!type_is_error(ta) && !type_is_integer(ta))
            diag_report(&c->stages[STAGE_TYPES], a->span, DIAG_E1206_TYPE_MISMATCH, "i32", type_name(c->arena, ta));
        else if (!type_is_error(ta) && !type_is_error(tb) && ta != tb)
            diag_report(&c->stages[STAGE_TYPES], b->span, DIAG_E1206_TYPE_MISMATCH, type_name(c->arena, ta),
                        type_name(c->arena, tb));
        else
            var_type = ta;
        check_set_type(c, it, type_primitive(c->types, TYPE_UNIT));
        facts->is_range = true;
        facts->start = a;
        facts->end = b;
    } else if (!check_array_for(c, it, facts, &var_type)) {
        var_type = check_iterable_for(c, it, facts); /* check_match.c */
    }
    Scope scope;
    scope_push(c, &scope, NULL);
    SemaLocal *local = scope_declare(c, s->for_.var.name, s->for_.var.span, var_type, false);
    local->is_for_var = true;
    check_bind_local(c, s->id, local);
    c->loop_depth++;
    check_block(c, s->for_.body);
    c->loop_depth--;
    scope_pop(c);
}

static void check_stmt(Checker *c, const AstStmt *s)
{
    switch (s->kind) {
    case AST_STMT_LET:
        check_let(c, s);
        return;
    case AST_STMT_RETURN: {
        Type *ret = c->fn->ret;
        if (!ret) { /* a lambda body whose return type is inferred */
            check_lambda_return(c, s);
            return;
        }
        if (!s->return_.value) {
            if (ret->kind != TYPE_UNIT && !type_is_error(ret))
                diag_report(&c->stages[STAGE_TYPES], s->span, DIAG_E1207_RETURN_TYPE_MISMATCH, type_name(c->arena, ret));
            return;
        }
        uint32_t before = c->stages[STAGE_TYPES].items.count;
        check_expr(c, s->return_.value, ret);
        check_coerce(c, s->return_.value, ret);
        if (c->fn->ast && c->fn->ast->ret)
            hint_expected_because(&c->stages[STAGE_TYPES], before, s->return_.value->span, c->fn->ast->ret->span,
                                  arena_printf(c->arena, "expected `%s` because of the return type",
                                               type_name(c->arena, ret)));
        return;
    }
    case AST_STMT_BREAK:
        if (c->loop_depth == 0)
            diag_report(&c->stages[STAGE_FLOW], s->span, DIAG_E1401_BREAK_OUTSIDE_LOOP);
        return;
    case AST_STMT_CONTINUE:
        if (c->loop_depth == 0)
            diag_report(&c->stages[STAGE_FLOW], s->span, DIAG_E1402_CONTINUE_OUTSIDE_LOOP);
        return;
    case AST_STMT_WHILE:
        check_condition(c, s->while_.cond);
        c->loop_depth++;
        check_block(c, s->while_.body);
        c->loop_depth--;
        return;
    case AST_STMT_FOR:
        check_for(c, s);
        return;
    case AST_STMT_IF:
        for (; s; s = s->if_.else_if) { /* an `else if` chain, iteratively */
            check_condition(c, s->if_.cond);
            check_block(c, s->if_.then_block);
            if (s->if_.else_block)
                check_block(c, s->if_.else_block);
        }
        return;
    case AST_STMT_EXPR:
        if (s->expr.expr->kind == AST_EXPR_MATCH) /* arms need not share a type (§5b item 6) */
            check_match(c, s->expr.expr, NULL, true);
        else
            check_expr(c, s->expr.expr, NULL);
        /* The target of an assignment statement is written, and the value
         * of the statement is dropped: no second reference. */
        if (s->expr.expr->kind == AST_EXPR_ASSIGN)
            check_note_copied(c, s->expr.expr->assign.target);
        return;
    }
    BSK_UNREACHABLE();
}
