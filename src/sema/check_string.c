/* sema/check_string.c: interpolated string literals (language.md §1.5 [FIX],
 * §5b item 1). The literal is always a `string`; each `${e}` part must have a
 * type with a to-text rule (integers, bool, char, f64, string), else E1206 at
 * the part. Lowering (lower_string.c) picks the conversion from the part's type. */
#include "sema/checker.h"

static bool has_text_form(const Type *t)
{
    switch (t->kind) {
    case TYPE_BOOL:
    case TYPE_U8:
    case TYPE_I32:
    case TYPE_I64:
    case TYPE_F64:
    case TYPE_CHAR:
    case TYPE_STRING:
    case TYPE_NEVER: /* the part diverges; no text is ever made */
    case TYPE_ERROR: return true;
    default: return false;
    }
}

void check_note_copied(Checker *c, const AstExpr *e)
{
    if (e->kind != AST_EXPR_PATH || e->path.path.count != 1)
        return;
    const SemaBinding *b = &check_node(c, e->id)->binding;
    if (b->kind == SEMA_BIND_LOCAL && b->local->type && b->local->type->kind == TYPE_STRING)
        b->local->copied_uses++;
}

void check_note_string_arg(Checker *c, const AstExpr *e, SemaFunction *callee, uint32_t param)
{
    /* (the callee's locals exist once its body is checked, maybe later) */
    if (e->kind != AST_EXPR_PATH || e->path.path.count != 1 || !callee->ast || callee->lambda)
        return;
    const SemaBinding *b = &check_node(c, e->id)->binding;
    if (b->kind == SEMA_BIND_LOCAL && b->local->type && b->local->type->kind == TYPE_STRING)
        VEC_PUSH(c->arena, &c->string_args, ((StringArg){.local = b->local, .callee = callee, .param = param}));
}

/* A parameter that every use of its body only copies or reads. */
static bool keeps_nothing(const SemaLocal *param)
{
    return param->is_param && param->type && param->type->kind == TYPE_STRING && !param->is_captured &&
           !param->is_assigned && param->uses == param->copied_uses;
}

/* A parameter that keeps nothing may itself be passed on to one that keeps
 * nothing, so the arguments are decided in rounds until none changes: each
 * round can only turn an argument into a copy, never back. Chains of
 * functions handing a string on are short; after MAX_ROUNDS the rest stay
 * (soundly) references, so the cost stays linear in the arguments. */
void check_resolve_string_args(Checker *c)
{
    enum { MAX_ROUNDS = 8 };
    uint32_t open = c->string_args.count;
    for (int round = 0; round < MAX_ROUNDS && open > 0; round++) {
        uint32_t kept = 0;
        for (uint32_t i = 0; i < open; i++) {
            StringArg arg = c->string_args.items[i];
            if (arg.param < arg.callee->locals.count && keeps_nothing(arg.callee->locals.items[arg.param]))
                arg.local->copied_uses++;
            else
                c->string_args.items[kept++] = arg;
        }
        if (kept == open)
            break;
        open = kept;
    }
}

Type *check_interpolation(Checker *c, const AstExpr *e)
{
    Type *str = type_primitive(c->types, TYPE_STRING);
    /* Lowering returns the one string part of an interpolation that has
     * nothing else (`"${s}"`) as it is; with two parts or more every string
     * part is copied into a new string. */
    uint32_t parts = 0;
    for (uint32_t i = 0; i < e->interpolation.count; i++) {
        const AstExpr *part = e->interpolation.parts[i];
        parts += part->kind != AST_EXPR_STRING || part->string_lit.len > 0;
        Type *t = check_expr(c, part, NULL);
        if (!has_text_form(t)) {
            diag_report(&c->stages[STAGE_TYPES], part->span, DIAG_E1206_TYPE_MISMATCH, "string",
                        type_name(c->arena, t));
            check_set_type(c, part, check_error_type(c));
        }
    }
    for (uint32_t i = 0; parts >= 2 && i < e->interpolation.count; i++)
        check_note_copied(c, e->interpolation.parts[i]);
    return check_set_type(c, e, str);
}
