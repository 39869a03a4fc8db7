/* sema/check_match.c: `match` (language.md §3.4.9, §5b item 6) — patterns,
 * guards, arm types and the exhaustiveness rule E1304 — and the `?` operator
 * (§3.4.10), and the iterable `for` contract (§3.5.4), which like `?` is a
 * desugaring over a resolved enum by name (§5b item 9). Each arm has its own scope for its pattern bindings, which are
 * assignable locals. */
#include <stdio.h>
#include <string.h>

#include "sema/checker.h"

typedef VEC(Symbol) Names;

static void check_pattern(Checker *c, const AstPattern *p, Type *type, Names *names);

static void check_enum_pattern(Checker *c, const AstPattern *p, Type *type, Names *names)
{
    Symbol enum_name = p->enum_pat.enum_name.name, variant = p->enum_pat.variant.name;
    bool failed = false;
    SemaTypeDef *def =
        check_enum_by_path(c, p->enum_pat.modules, p->enum_pat.module_count, &p->enum_pat.enum_name, &failed);
    const SemaVariant *v = NULL;
    if (def && def->is_generic) /* the scrutinee's instance gives the payload types */
        def = generic_from_expected(def, type) ? generic_from_expected(def, type) : def;
    if (failed) {
        /* reported: an unknown or private module path */
    } else if (!def) {
        Diag *d = diag_report(&c->stages[STAGE_FLOW], p->span, DIAG_E1301_UNKNOWN_ENUM_PATH, enum_name, variant);
        hint_unknown_enum(c, &c->stages[STAGE_FLOW], d, enum_name, p->enum_pat.enum_name.span);
    } else {
        int index = sema_variant_index(def, variant);
        if (index < 0) {
            Diag *d =
                diag_report(&c->stages[STAGE_FLOW], p->enum_pat.variant.span, DIAG_E1301_UNKNOWN_ENUM_VARIANT, variant);
            hint_unknown_variant(c, &c->stages[STAGE_FLOW], d, def, variant, p->enum_pat.variant.span);
        } else {
            v = &def->variants[index];
        }
    }
    check_node(c, p->id)->type = def ? def->type : check_error_type(c);
    if (v && !type_is_error(type) && type != def->type) {
        diag_report(&c->stages[STAGE_TYPES], p->span, DIAG_E1206_TYPE_MISMATCH, type_name(c->arena, type),
                    type_name(c->arena, def->type));
        v = NULL;
    }
    if (v && v->field_count != p->enum_pat.sub_count) {
        char want[16], got[16];
        snprintf(want, sizeof want, "%u", v->field_count);
        snprintf(got, sizeof got, "%u", p->enum_pat.sub_count);
        diag_report(&c->stages[STAGE_FLOW], p->span, DIAG_E1307_PATTERN_ARITY, want, got);
    }
    for (uint32_t i = 0; i < p->enum_pat.sub_count; i++) {
        Type *sub = v && i < v->field_count && v->field_count == p->enum_pat.sub_count ? v->fields[i].type
                                                                                        : check_error_type(c);
        check_pattern(c, p->enum_pat.subpatterns[i], sub, names);
    }
}

static void check_pattern(Checker *c, const AstPattern *p, Type *type, Names *names)
{
    switch (p->kind) {
    case AST_PAT_WILDCARD: check_node(c, p->id)->type = type; return;
    case AST_PAT_BINDING: {
        Symbol name = p->binding.name.name;
        check_node(c, p->id)->type = type;
        for (uint32_t i = 0; i < names->count; i++)
            if (names->items[i] == name) {
                diag_report(&c->stages[STAGE_FLOW], p->binding.name.span, DIAG_E1306_DUPLICATE_BINDING, name);
                return;
            }
        VEC_PUSH(c->arena, names, name);
        check_bind_local(c, p->id, scope_declare(c, name, p->binding.name.span, type, true));
        return;
    }
    case AST_PAT_LITERAL: {
        Type *t = check_expr(c, p->literal, type_is_error(type) ? NULL : type);
        check_node(c, p->id)->type = type;
        if (!type_is_error(type) && !type_is_error(t) && t != type)
            diag_report(&c->stages[STAGE_TYPES], p->span, DIAG_E1206_TYPE_MISMATCH, type_name(c->arena, type),
                        type_name(c->arena, t));
        return;
    }
    case AST_PAT_ENUM: check_enum_pattern(c, p, type, names); return;
    }
}

static void check_guard(Checker *c, const AstExpr *guard)
{
    AstExprKind k = guard->kind;
    if (k == AST_EXPR_INT || k == AST_EXPR_FLOAT || k == AST_EXPR_STRING || k == AST_EXPR_CHAR ||
        k == AST_EXPR_INTERPOLATION) {
        Diag *d = diag_report(&c->stages[STAGE_FLOW], guard->span, DIAG_E1308_GUARD_NOT_BOOLEAN);
        diag_set_label(&c->stages[STAGE_FLOW], d, "guard type mismatch");
        check_expr(c, guard, NULL);
        return;
    }
    Type *t = check_expr(c, guard, type_primitive(c->types, TYPE_BOOL));
    if (type_is_error(t) || t->kind == TYPE_BOOL || t->kind == TYPE_NEVER)
        return;
    Diag *d = diag_report(&c->stages[STAGE_TYPES], guard->span, DIAG_E1208_NON_BOOLEAN_CONDITION);
    diag_set_label(&c->stages[STAGE_TYPES], d, "condition must be boolean");
}

/* The literal kind of an arm value for the syntactic E1305 check, or NULL. */
static const char *literal_kind(const AstExpr *e)
{
    if (e->kind == AST_EXPR_UNARY && e->unary.op == AST_UNARY_NEG)
        e = e->unary.operand;
    switch (e->kind) {
    case AST_EXPR_INT: return "int";
    case AST_EXPR_FLOAT: return "float";
    case AST_EXPR_STRING: return "string";
    case AST_EXPR_CHAR: return "char";
    case AST_EXPR_BOOL: return "bool";
    default: return NULL;
    }
}

/* E1304: only when no arm is `_` or a binding and all arms name one enum. */
static void check_exhaustive(Checker *c, const AstExpr *e)
{
    const SemaTypeDef *def = NULL;
    for (uint32_t i = 0; i < e->match.arm_count; i++) {
        const AstPattern *p = e->match.arms[i].pattern;
        if (p->kind != AST_PAT_ENUM)
            return;
        /* a qualified pattern's enum was resolved when it was checked: its type */
        const Type *t = p->enum_pat.module_count ? check_node(c, p->id)->type : NULL;
        const SemaTypeDef *d = p->enum_pat.module_count ? (t && t->kind == TYPE_ENUM ? t->def : NULL)
                                                        : check_find_enum(c, p->enum_pat.enum_name.name);
        if (!d || (def && d != def))
            return;
        def = d;
    }
    bool covered[def->variant_count ? def->variant_count : 1];
    bool all = true;
    for (uint32_t v = 0; v < def->variant_count; v++) {
        bool named = false;
        for (uint32_t i = 0; i < e->match.arm_count && !named; i++)
            named = e->match.arms[i].pattern->enum_pat.variant.name == def->variants[v].name;
        covered[v] = named;
        all &= named;
    }
    if (!all) {
        Diag *d = diag_report(&c->stages[STAGE_FLOW], e->span, DIAG_E1304_NON_EXHAUSTIVE_MATCH, def->type->name);
        hint_missing_variants(c, &c->stages[STAGE_FLOW], d, def, covered);
    }
}

Type *check_match(Checker *c, const AstExpr *e, Type *expected, bool is_stmt)
{
    Type *scrutinee = check_expr(c, e->match.scrutinee, NULL);
    if (e->match.arm_count == 0) {
        diag_report(&c->stages[STAGE_NAMES], e->span, DIAG_E1154_NON_NORMALIZED_CONTROL_FLOW,
                    "match expression must contain at least one arm");
        return check_set_type(c, e, check_error_type(c));
    }
    check_exhaustive(c, e);
    Type *result = NULL;
    bool any_error = false;
    const char *first_literal = NULL;
    for (uint32_t i = 0; i < e->match.arm_count; i++) {
        const AstMatchArm *arm = &e->match.arms[i];
        Scope scope;
        scope_push(c, &scope, NULL);
        Names names = {0};
        check_pattern(c, arm->pattern, scrutinee, &names);
        if (arm->guard)
            check_guard(c, arm->guard);
        bool syntactic = false;
        const char *kind = is_stmt ? NULL : literal_kind(arm->value);
        if (kind && first_literal && strcmp(kind, first_literal) != 0) {
            Diag *d = diag_report(&c->stages[STAGE_FLOW], arm->value->span, DIAG_E1305_MATCH_ARM_MISMATCH);
            diag_set_help(&c->stages[STAGE_FLOW], d, "expected `%s`, got `%s`", first_literal, kind);
            syntactic = true;
        } else if (kind && !first_literal) {
            first_literal = kind;
        }
        Type *t = check_expr(c, arm->value, is_stmt ? NULL : result ? result : expected);
        scope_pop(c);
        if (is_stmt)
            continue;
        if (type_is_error(t)) {
            any_error = true;
        } else if (t->kind == TYPE_NEVER) {
            /* a diverging arm fits any type */
        } else if (!result) {
            result = t;
            if (expected && contract_convertible(t, expected)) { /* arms of several conforming types */
                result = expected;
                check_coerce(c, arm->value, result);
            }
        } else if (t != result) {
            if (numeric_widens(t, result))
                numeric_convert(c, arm->value, result);
            else if (contract_convertible(t, result))
                check_coerce(c, arm->value, result);
            else if (!syntactic)
                diag_report(&c->stages[STAGE_TYPES], arm->value->span, DIAG_E1305_MATCH_ARM_MISMATCH_TYPES,
                            type_name(c->arena, result), type_name(c->arena, t));
        }
    }
    if (is_stmt)
        return check_set_type(c, e, type_primitive(c->types, TYPE_UNIT));
    if (!result)
        result = any_error ? check_error_type(c) : type_primitive(c->types, TYPE_NEVER);
    /* a diverging arm's value becomes the result type's zero in lowering */
    for (uint32_t i = 0; i < e->match.arm_count; i++) {
        const AstExpr *value = e->match.arms[i].value;
        Type *t = sema_own_type(c->facts, value);
        if (t && t->kind == TYPE_NEVER && result->kind != TYPE_NEVER && !type_is_error(result))
            numeric_coerce(c, value, result);
    }
    return check_set_type(c, e, result);
}

Type *check_try(Checker *c, const AstExpr *e)
{
    Type *t = check_expr(c, e->try_.operand, NULL);
    if (type_is_error(t))
        return check_set_type(c, e, check_error_type(c));
    const SemaTypeDef *def = sema_typedef_of(t);
    if (def && def->is_enum && strcmp(def->type->name, "Result") == 0) {
        int ok = sema_variant_index(def, intern_cstr(c->interner, "Ok"));
        if (ok >= 0 && def->variants[ok].field_count == 1)
            return check_set_type(c, e, def->variants[ok].fields[0].type);
    }
    Diag *d = diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1222_TRY_REQUIRES_RESULT);
    diag_set_help(&c->stages[STAGE_TYPES], d, "apply `?` only to a `Result<Ok, Error>` expression");
    return check_set_type(c, e, check_error_type(c));
}

/* Every iterable diagnostic points at the iterable expression: that is the
 * value that fails the contract, and `Next` itself may be well-formed for
 * other uses. */
Type *check_iterable_for(Checker *c, const AstExpr *it, SemaFor *facts)
{
    Type *t = check_type_of(c, it);
    if (type_is_error(t))
        return check_error_type(c);
    const SemaTypeDef *def = sema_typedef_of(t);
    SemaFunction *next = def ? sema_method(def, intern_cstr(c->interner, "Next")) : NULL;
    if (!next) {
        diag_report(&c->stages[STAGE_TYPES], it->span, DIAG_E1215_NOT_ITERABLE);
        return check_error_type(c);
    }
    if (next->param_count != 1) { /* params[0] is `this` */
        char got[16];
        snprintf(got, sizeof got, "%u", next->param_count - 1);
        diag_report(&c->stages[STAGE_TYPES], it->span, DIAG_E1216_NEXT_ARITY, "0", got);
        return check_error_type(c);
    }
    if (type_is_error(next->ret)) /* reported at Next's declaration */
        return check_error_type(c);
    const SemaTypeDef *opt = sema_typedef_of(next->ret);
    int some = opt && opt->is_enum && strcmp(opt->type->name, "Option") == 0
                   ? sema_variant_index(opt, intern_cstr(c->interner, "Some"))
                   : -1;
    if (some < 0) {
        diag_report(&c->stages[STAGE_TYPES], it->span, DIAG_E1217_NEXT_RETURN);
        return check_error_type(c);
    }
    if (opt->variants[some].field_count != 1) {
        char got[16];
        snprintf(got, sizeof got, "%u", opt->variants[some].field_count);
        diag_report(&c->stages[STAGE_TYPES], it->span, DIAG_E1218_NEXT_PAYLOAD, "1", got);
        return check_error_type(c);
    }
    facts->next = next;
    facts->some_variant = (uint32_t)some;
    return opt->variants[some].fields[0].type;
}
