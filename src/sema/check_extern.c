/* sema/check_extern.c: foreign functions (language.md §3.6.7; backends.md
 * §0a item 11). A contract carrying `[Extern(…)]` declares one foreign
 * function per own method, named by the method; `Contract.m(args)` calls it
 * with no receiver (SEMA_BIND_EXTERN). The attribute's arguments and the
 * signatures' types are checked by check_attr.c (T0901-T0904); here: the
 * contract's library, `ref u8` parameters (a `string` or a `u8[]` passed as
 * a pointer to its bytes), T0905 for a symbol declared twice differently,
 * and the calls. */
#include <string.h>

#include "sema/checker.h"
#include "support/check.h"

/* The literal given for argument 'name' of 'attr' as a C string, or NULL. */
static const char *string_arg(Checker *c, const AstAttribute *attr, const char *name)
{
    for (uint32_t i = 0; i < attr->arg_count; i++) {
        const AstExpr *v = attr->args[i].value;
        if (strcmp(attr->args[i].name.name, name) == 0 && v->kind == AST_EXPR_STRING)
            return arena_strndup(c->arena, v->string_lit.bytes, v->string_lit.len);
    }
    return NULL;
}

void extern_contract_declare(Checker *c, SemaContract *contract)
{
    const AstItem *item = contract->item;
    for (uint32_t i = 0; i < item->attributes.count; i++) {
        const AstAttribute *attr = &item->attributes.items[i];
        if (strcmp(attr->name.name, "Extern") != 0)
            continue;
        contract->is_extern = true;
        const char *library = string_arg(c, attr, "Library");
        bool blank = true;
        for (const char *p = library ? library : ""; *p && blank; p++)
            blank = strchr(" \t\n\r\v\f", *p) != NULL;
        contract->extern_library = blank ? NULL : library; /* T0902 (check_attr.c) */
        return; /* the first `[Extern]` counts, as for T0901-T0904 */
    }
}

static bool is_u8(const AstType *type)
{
    return type->kind == AST_TYPE_PRIMITIVE && type->primitive == AST_PRIM_U8;
}

Type *extern_param_type(Checker *c, const AstParam *param, bool *byte_ref)
{
    /* `ref u8 p` or a parameter of type `ref u8`: a pointer to bytes. Any
     * other modifier or type is T0903 already (check_attr.c), so no E2001. */
    *byte_ref = (param->modifier == AST_PARAM_REF && is_u8(param->type)) ||
                (param->modifier == AST_PARAM_PLAIN && param->type->kind == AST_TYPE_REF && is_u8(param->type->element));
    if (*byte_ref)
        return type_primitive(c->types, TYPE_U8);
    if (param->type->kind == AST_TYPE_REF)
        return check_error_type(c);
    return resolve_type(c, param->type, true);
}

static bool same_foreign_signature(const SemaContractMethod *a, const SemaContractMethod *b)
{
    if (a->ret != b->ret || a->param_count != b->param_count)
        return false;
    for (uint32_t i = 0; i < a->param_count; i++) {
        bool ra = a->byte_ref && a->byte_ref[i], rb = b->byte_ref && b->byte_ref[i];
        if (a->params[i] != b->params[i] || ra != rb)
            return false;
    }
    return true;
}

static bool same_library(const SemaContract *a, const SemaContract *b)
{
    if (!a->extern_library || !b->extern_library)
        return a->extern_library == b->extern_library;
    return strcmp(a->extern_library, b->extern_library) == 0;
}

void externs_check_unique(Checker *c)
{
    VEC(const SemaContractMethod *) seen = {0};
    for (uint32_t k = 0; k < c->program->contracts.count; k++) {
        const SemaContract *contract = c->program->contracts.items[k];
        if (!contract->is_extern || !contract->extern_library)
            continue; /* no library: T0902 says so, and nothing is compared */
        for (uint32_t i = 0; i < contract->methods.count; i++) {
            const SemaContractMethod *m = contract->methods.items[i];
            if (m->owner != contract)
                continue; /* an embedded method is declared where it is written */
            const SemaContractMethod *first = NULL;
            for (uint32_t j = 0; j < seen.count && !first; j++)
                if (seen.items[j]->name == m->name)
                    first = seen.items[j];
            if (!first) {
                VEC_PUSH(c->arena, &seen, m);
                continue;
            }
            if (same_library(first->owner, contract) && same_foreign_signature(first, m))
                continue; /* the same import, declared again: harmless */
            Diag *d = diag_report(&c->stages[STAGE_DEFS], m->span, DIAG_T0905_EXTERN_DECLARED_TWICE, m->name);
            diag_set_label(&c->stages[STAGE_DEFS], d, "declared again here");
            diag_add_span(&c->stages[STAGE_DEFS], d, first->span, "first declared here");
        }
    }
}

/* A `ref u8` argument: a `string` or a `u8[]`. */
static void check_byte_ref_arg(Checker *c, const AstExpr *arg)
{
    Type *t = check_expr(c, arg, NULL);
    if (type_is_error(t) || t->kind == TYPE_STRING || (t->kind == TYPE_ARRAY && t->element->kind == TYPE_U8))
        return;
    Diag *d = diag_report(&c->stages[STAGE_TYPES], arg->span, DIAG_E1206_TYPE_MISMATCH, "ref u8", type_name(c->arena, t));
    diag_set_help(&c->stages[STAGE_TYPES], d, "a `ref u8` parameter takes a `string` or a `u8[]` (a pointer to its bytes)");
}

Type *check_extern_call(Checker *c, const AstExpr *e, const SemaContract *contract)
{
    const AstExpr *callee = e->call.callee;
    const AstPathSegment *seg = &callee->path.path.segments[1];
    int slot = sema_contract_slot(contract, seg->name);
    /* only the contract's own methods are foreign functions, not embedded ones */
    if (slot < 0 || !contract->methods.items[slot]->owner->is_extern) {
        Diag *d = diag_report(&c->stages[STAGE_TYPES], callee->span, DIAG_E1606_UNKNOWN_CALL_TARGET);
        hint_call_target(c, &c->stages[STAGE_TYPES], d, seg->name, contract->type);
        return check_call_fail(c, e);
    }
    const SemaContractMethod *m = contract->methods.items[slot];
    check_node(c, e->id)->binding =
        (SemaBinding){.kind = SEMA_BIND_EXTERN, .dispatch = {.contract = contract, .slot = (uint32_t)slot}};
    check_set_type(c, callee, check_error_type(c)); /* foreign functions are not values */
    if (e->call.arg_count != m->param_count) {
        check_report_arity(c, e->span, m->param_count, e->call.arg_count);
        return check_call_fail(c, e);
    }
    for (uint32_t i = 0; i < m->param_count; i++) {
        const AstExpr *arg = e->call.args[i];
        if (m->byte_ref && m->byte_ref[i]) {
            check_byte_ref_arg(c, arg);
            continue;
        }
        check_expr(c, arg, m->params[i]);
        check_coerce(c, arg, m->params[i]);
    }
    return check_set_type(c, e, m->ret);
}
