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
