/* sema/check_event.c: events (language.md §3.9). An event field
 * `event{N} E(P1 a, …)` has the type `unit(P1, …)` of its handlers; it is
 * not a value. `obj.E += f` / `obj.E -= f` subscribe and unsubscribe a
 * function value of exactly that type (E1206); `recv.E(args)` calls every
 * handler and is allowed only inside methods of the declaring type (E1219).
 * `+=`/`-=` of a function value on anything else is E1221. */
#include "sema/checker.h"
#include "support/check.h"

static const char *const event_ops_help =
    "use `+=`/`-=` with an event field declared as `event Name(...)` or `event{N} Name(...)`";

void check_event_field(Checker *c, const AstField *ast, SemaField *out, bool in_enum)
{
    out->is_event = true;
    if (in_enum) {
        check_unsupported(c, ast->span, "events in enum variants");
        out->type = check_error_type(c);
        return;
    }
    if (ast->has_capacity && ast->capacity == 0)
        diag_report(&c->stages[STAGE_DEFS], ast->capacity_span, DIAG_E1220_EVENT_CAPACITY);
    out->event_capacity = ast->has_capacity ? ast->capacity : 0;
    uint32_t n = ast->param_count;
    Type **params = ARENA_ARRAY(c->arena, Type *, n ? n : 1);
    bool bad = false;
    for (uint32_t i = 0; i < n; i++) {
        const AstParam *param = &ast->params[i];
        params[i] = resolve_type(c, param->type, true);
        if (param->modifier != AST_PARAM_PLAIN) {
            diag_report(&c->stages[STAGE_TYPES], param->span, DIAG_E2001_UNSUPPORTED_NODE,
                        "unsupported parameter modifier");
            bad = true;
        } else if (params[i]->kind == TYPE_UNIT) {
            check_unsupported(c, param->span, "unit-typed parameters");
            bad = true;
        }
        bad = bad || type_is_error(params[i]);
    }
    out->type = bad ? check_error_type(c) : type_function(c->types, type_primitive(c->types, TYPE_UNIT), params, n);
}

void check_event_value_use(Checker *c, Span span)
{
    Diag *d = diag_report(&c->stages[STAGE_TYPES], span, DIAG_E1202_UNSUPPORTED_EXPRESSION);
    diag_set_help(&c->stages[STAGE_TYPES], d, "an event is not a value: subscribe with `+=`, unsubscribe with `-=`, "
                                              "or invoke it from a method of its type");
}

Type *check_event_assign(Checker *c, const AstExpr *e, const SemaField *field)
{
    check_set_type(c, e->assign.target, field->type);
    if (e->assign.op != AST_ASSIGN_ADD && e->assign.op != AST_ASSIGN_SUB) {
        check_expr(c, e->assign.value, NULL);
        check_event_value_use(c, e->assign.target->span);
        return check_set_type(c, e, check_error_type(c));
    }
    Type *t = field->type;
    check_expr(c, e->assign.value, type_is_error(t) ? NULL : t);
    numeric_coerce(c, e->assign.value, t); /* E1206 unless exactly `unit(P…)` */
    return check_set_type(c, e, type_primitive(c->types, TYPE_UNIT));
}

bool check_event_misuse(Checker *c, const AstExpr *e)
{
    if (e->assign.op != AST_ASSIGN_ADD && e->assign.op != AST_ASSIGN_SUB)
        return false;
    if (check_type_of(c, e->assign.value)->kind != TYPE_FUNCTION)
        return false;
    Diag *d = diag_report(&c->stages[STAGE_TYPES], e->assign.target->span, DIAG_E1221_EVENT_SUBSCRIPTION_TARGET);
    diag_set_help(&c->stages[STAGE_TYPES], d, event_ops_help);
    return true;
}

/* The named function whose body contains the code being checked. */
static const SemaFunction *enclosing_function(const Checker *c)
{
    const SemaFunction *fn = c->fn;
    return fn && fn->lambda ? fn->lambda->root : fn;
}

Type *check_event_invoke(Checker *c, const AstExpr *e, const SemaTypeDef *def, const SemaField *field)
{
    const SemaFunction *fn = enclosing_function(c);
    check_set_type(c, e->call.callee, field->type);
    if (!fn || fn->receiver != def) {
        diag_report(&c->stages[STAGE_TYPES], e->call.callee->span, DIAG_E1219_EVENT_INVOKE_OUTSIDE);
        return check_call_fail(c, e);
    }
    if (type_is_error(field->type))
        return check_call_fail(c, e);
    check_node(c, e->id)->binding = (SemaBinding){.kind = SEMA_BIND_EVENT};
    check_call_args(c, e, field->type->args, field->type->arg_count);
    return check_set_type(c, e, type_primitive(c->types, TYPE_UNIT));
}
