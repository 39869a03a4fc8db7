/* sema/check_array.c: arrays (language.md §5a item 4, §5b item 13): literals
 * typed by the expected `T[]` or their first element, indexing (any integer
 * index, converted to i64) as a read and as an assignment place,
 * `__array_new`/`__array_len`, and the iterable `for x in a` over an array.
 * Lowering is lower/lower_array.c. */
#include <stdio.h>

#include "sema/checker.h"

/* Bytes per element (backends.md §2.4 field sizes; references are 8). */
static uint32_t slot_size(const Type *t)
{
    switch (t->kind) {
    case TYPE_BOOL:
    case TYPE_U8: return 1;
    case TYPE_I32:
    case TYPE_CHAR: return 4;
    case TYPE_UNIT:
    case TYPE_NEVER: return 0;
    default: return 8; /* i64, f64, string and every reference type */
    }
}

/* '*slot' (already checked) must have type 'elem'; lossless numeric widening
 * and conversion to a contract are implicit as everywhere else (§5b item 4,
 * §3.6.5), anything else is E1206. */
static void element_coerce(Checker *c, const AstExpr *e, Type *elem)
{
    Type *t = check_type_of(c, e);
    if (t == elem || type_is_error(t) || type_is_error(elem))
        return;
    if (t->kind == TYPE_NEVER || numeric_widens(t, elem) || contract_convertible(t, elem)) {
        check_coerce(c, e, elem);
        return;
    }
    diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1206_TYPE_MISMATCH, type_name(c->arena, elem),
                type_name(c->arena, t));
}

Type *check_array_lit(Checker *c, const AstExpr *e, Type *expected)
{
    Type *elem = expected && expected->kind == TYPE_ARRAY ? expected->element : NULL;
    if (e->array_lit.count == 0 && !elem) {
        diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1202_MISSING_TYPE_ANNOTATION, "[]");
        return check_set_type(c, e, check_error_type(c));
    }
    for (uint32_t i = 0; i < e->array_lit.count; i++) {
        const AstExpr *element = e->array_lit.elements[i];
        Type *t = check_expr(c, element, elem);
        if (!elem)
            elem = t; /* the first element's type */
        else
            element_coerce(c, element, elem);
    }
    if (type_is_error(elem))
        return check_set_type(c, e, check_error_type(c));
    return check_set_type(c, e, type_array(c->types, elem));
}

/* Reports E1206 unless 't' is an array type (errors pass silently). */
static bool require_array(Checker *c, const AstExpr *e, const Type *t)
{
    if (t->kind == TYPE_ARRAY)
        return true;
    if (!type_is_error(t))
        diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1206_TYPE_MISMATCH, "array", type_name(c->arena, t));
    return false;
}

Type *check_index(Checker *c, const AstExpr *e)
{
    Type *i64 = type_primitive(c->types, TYPE_I64);
    Type *at = check_expr(c, e->index.object, NULL);
    Type *it = check_expr(c, e->index.index, i64);
    bool is_string = at->kind == TYPE_STRING; /* `s[i]` reads byte i as u8 (§5a item 9) */
    bool ok = is_string || require_array(c, e->index.object, at);
    if (type_is_error(it)) {
        ok = false;
    } else if (it->kind == TYPE_NEVER) {
        numeric_coerce(c, e->index.index, i64);
    } else if (!type_is_integer(it)) {
        diag_report(&c->stages[STAGE_TYPES], e->index.index->span, DIAG_E1206_TYPE_MISMATCH, "i64",
                    type_name(c->arena, it));
        ok = false;
    } else if (it != i64) {
        numeric_convert(c, e->index.index, i64); /* lossless: sign or zero extension */
    }
    if (!ok)
        return check_set_type(c, e, check_error_type(c));
    return check_set_type(c, e, is_string ? type_primitive(c->types, TYPE_U8) : at->element);
}

/* Strings are immutable: `s[i] = v` (and `s[i] += v`) is E1214, named by
 * the target's source text (§5a item 9). */
Type *check_index_assign(Checker *c, const AstExpr *e)
{
    const AstExpr *target = e->assign.target;
    Type *t = check_index(c, target);
    if (check_type_of(c, target->index.object)->kind == TYPE_STRING) {
        const SourceFile *file = source_file(c->map, target->span.file);
        const char *text = arena_printf(c->arena, "%.*s", (int)(target->span.end - target->span.start),
                                        file->text + target->span.start);
        Diag *d = diag_report(&c->stages[STAGE_MUT], target->span, DIAG_E1214_IMMUTABLE_ASSIGNMENT, text);
        diag_set_help(&c->stages[STAGE_MUT], d, "strings are immutable: build a new string instead");
    }
    return check_assign_value(c, e, t);
}

static bool check_arity(Checker *c, const AstExpr *e, uint32_t count)
{
    if (e->call.arg_count == count)
        return true;
    check_report_arity(c, e->span, count, e->call.arg_count);
    for (uint32_t i = 0; i < e->call.arg_count; i++)
        check_expr(c, e->call.args[i], NULL);
    return false;
}

/* `__array_new(size, len)` in a `T[]` context: 'size' must be the literal
 * slot size of T (the allocation uses it, so a wrong size is never memory). */
static void check_elem_size(Checker *c, const AstExpr *size, const Type *elem)
{
    uint32_t want = slot_size(elem);
    char expected[48], got[32];
    snprintf(expected, sizeof expected, "element size %u", want);
    if (size->kind == AST_EXPR_INT && !size->int_lit.overflowed) {
        if (size->int_lit.value == want)
            return;
        snprintf(got, sizeof got, "%llu", (unsigned long long)size->int_lit.value);
    } else {
        snprintf(got, sizeof got, "a non-constant size");
    }
    diag_report(&c->stages[STAGE_TYPES], size->span, DIAG_E1206_TYPE_MISMATCH, expected, got);
}

Type *check_array_builtin(Checker *c, const AstExpr *e, Type *expected)
{
    Type *i64 = type_primitive(c->types, TYPE_I64);
    if (check_node(c, e->id)->binding.builtin == SEMA_BUILTIN_ARRAY_LEN) {
        if (!check_arity(c, e, 1))
            return check_set_type(c, e, check_error_type(c));
        require_array(c, e->call.args[0], check_expr(c, e->call.args[0], NULL));
        return check_set_type(c, e, i64);
    }
    if (check_node(c, e->id)->binding.builtin == SEMA_BUILTIN_ARRAY_ALLOC) {
        if (!check_arity(c, e, 1))
            return check_set_type(c, e, check_error_type(c));
        check_expr(c, e->call.args[0], i64);
        numeric_coerce(c, e->call.args[0], i64);
        if (expected && expected->kind == TYPE_ARRAY)
            return check_set_type(c, e, expected);
        diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1202_MISSING_TYPE_ANNOTATION, "__array_alloc");
        return check_set_type(c, e, check_error_type(c));
    }
    if (!check_arity(c, e, 2))
        return check_set_type(c, e, check_error_type(c));
    for (uint32_t i = 0; i < 2; i++) {
        check_expr(c, e->call.args[i], i64);
        numeric_coerce(c, e->call.args[i], i64);
    }
    if (expected && expected->kind == TYPE_ARRAY) {
        if (!expected->element->is_open) /* §5b item 13: in a generic body, per instance */
            check_elem_size(c, e->call.args[0], expected->element);
        return check_set_type(c, e, expected);
    }
    return check_set_type(c, e, i64); /* the §4.1 signature: the header's address */
}

bool check_array_for(Checker *c, const AstExpr *it, SemaFor *facts, Type **var_type)
{
    Type *t = check_expr(c, it, NULL);
    if (type_is_error(t))
        return true;
    if (t->kind != TYPE_ARRAY)
        return false;
    facts->is_array = true;
    *var_type = t->element;
    return true;
}
