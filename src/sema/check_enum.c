/* sema/check_enum.c: enum constructors `E::V(args)` (language.md §3.4.5:
 * E1301, E1302) and the E1303 rule for a bare `V(…)` call naming a variant
 * (§3.4.3), which a local or function of that name suppresses (§5b item 12). */
#include <stdio.h>

#include "sema/checker.h"

SemaTypeDef *check_find_enum(const Checker *c, Symbol name)
{
    module_note_use((Checker *)c, name); /* an enum constructor's or pattern's enum is a use (W1504) */
    const CheckItem *item = resolve_type_item(c, name);
    return item && item->def && item->def->is_enum ? item->def : NULL;
}

static Type *fail(Checker *c, const AstExpr *e)
{
    for (uint32_t i = 0; i < e->enum_ctor.arg_count; i++)
        check_expr(c, e->enum_ctor.args[i], NULL);
    return check_set_type(c, e, check_error_type(c));
}

/* `Option::Some(x)` of a generic enum without type arguments: they come from
 * the expected type, else from the payload (§5a item 5); NULL after E1203.
 * '*checked' says whether the payload was checked here. */
static SemaTypeDef *enum_instance(Checker *c, const AstExpr *e, SemaTypeDef *decl, int variant, Type *expected,
                                  bool *checked)
{
    SemaTypeDef *inst = generic_from_expected(decl, expected);
    if (inst)
        return inst;
    const SemaVariant *v = &decl->variants[variant];
    if (v->field_count != e->enum_ctor.arg_count)
        return decl; /* the arity is reported by the caller */
    *checked = true;
    Type **bound = ARENA_ARRAY(c->arena, Type *, decl->param_count);
    for (uint32_t i = 0; i < v->field_count; i++)
        generic_check_value(c, decl->params, bound, decl->param_count, v->fields[i].type, e->enum_ctor.args[i]);
    if (!generic_all_bound(bound, decl->param_count)) {
        generic_report_undetermined(c, e->span, decl->type->name);
        return NULL;
    }
    return generic_type_instance(c, decl, bound, e->span);
}

SemaTypeDef *check_enum_by_path(Checker *c, const AstIdent *modules, uint32_t module_count, const AstIdent *enum_name,
                                bool *failed)
{
    *failed = false;
    if (!module_count)
        return check_find_enum(c, enum_name->name);
    uint32_t n = module_count + 1; /* `a.b.E` (§3.7) */
    AstPathSegment *segs = ARENA_ARRAY(c->arena, AstPathSegment, n);
    for (uint32_t i = 0; i < n; i++) {
        const AstIdent *id = i + 1 < n ? &modules[i] : enum_name;
        segs[i] = (AstPathSegment){.name = id->name, .span = id->span};
    }
    Span path_span = span_join(segs[0].span, segs[n - 1].span);
    if (!module_lookup_module(c, segs[0].name)) {
        diag_report(&c->stages[STAGE_NAMES], segs[0].span, DIAG_E1108_UNKNOWN_MODULE_PATH, segs[0].name);
        *failed = true;
        return NULL;
    }
    module_note_use(c, enum_name->name);
    const CheckItem *item = module_resolve_qualified(c, segs, n, CHECK_PATH_TYPE, path_span);
    if (!item) {
        *failed = true;
        return NULL;
    }
    return item->def && item->def->is_enum ? item->def : NULL;
}

Type *check_enum_ctor(Checker *c, const AstExpr *e, Type *expected)
{
    Symbol enum_name = e->enum_ctor.enum_name.name, variant = e->enum_ctor.variant.name;
    bool failed = false;
    SemaTypeDef *def = check_enum_by_path(c, e->enum_ctor.modules, e->enum_ctor.module_count,
                                          &e->enum_ctor.enum_name, &failed);
    if (failed)
        return fail(c, e);
    if (!def) {
        Diag *d = diag_report(&c->stages[STAGE_FLOW], e->span, DIAG_E1301_UNKNOWN_ENUM_PATH, enum_name, variant);
        hint_unknown_enum(c, &c->stages[STAGE_FLOW], d, enum_name, e->enum_ctor.enum_name.span);
        return fail(c, e);
    }
    int index = sema_variant_index(def, variant);
    if (index < 0) {
        Diag *d =
            diag_report(&c->stages[STAGE_FLOW], e->enum_ctor.variant.span, DIAG_E1301_UNKNOWN_ENUM_VARIANT, variant);
        hint_unknown_variant(c, &c->stages[STAGE_FLOW], d, def, variant, e->enum_ctor.variant.span);
        return fail(c, e);
    }
    bool checked = false;
    if (def->is_generic && !(def = enum_instance(c, e, def, index, expected, &checked)))
        return check_set_type(c, e, check_error_type(c));
    const SemaVariant *v = &def->variants[index];
    if (v->field_count != e->enum_ctor.arg_count) {
        char want[16], got[16];
        snprintf(want, sizeof want, "%u", v->field_count);
        snprintf(got, sizeof got, "%u", e->enum_ctor.arg_count);
        diag_report(&c->stages[STAGE_FLOW], e->span, DIAG_E1302_CONSTRUCTOR_ARITY, want, got);
        return fail(c, e);
    }
    for (uint32_t i = 0; i < v->field_count; i++) {
        if (!checked)
            check_expr(c, e->enum_ctor.args[i], v->fields[i].type);
        check_coerce(c, e->enum_ctor.args[i], v->fields[i].type);
    }
    return check_set_type(c, e, def->type);
}

bool check_unqualified_ctor(Checker *c, const AstExpr *e)
{
    const AstExpr *callee = e->call.callee;
    Symbol name = callee->path.path.segments[0].name;
    const CheckItem *item = resolve_item(c, name);
    if ((item && item->function) || resolve_local_visible(c, name))
        return false;
    for (uint32_t i = 0; i < c->program->typedefs.count; i++) {
        const SemaTypeDef *def = c->program->typedefs.items[i];
        if (def->is_enum && sema_variant_index(def, name) >= 0) {
            diag_report(&c->stages[STAGE_FLOW], callee->span, DIAG_E1303_UNQUALIFIED_CONSTRUCTOR, name,
                        def->type->name, name);
            return true;
        }
    }
    return false;
}
