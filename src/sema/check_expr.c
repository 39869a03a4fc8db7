/* sema/check_expr.c: expression typing (language.md §3.4). 'expected' is the
 * type the context supplies, used only to type integer literals (§3.3.1);
 * callers check compatibility themselves (check_coerce at assignment-like
 * sites). Constructs outside the core language report E2002. */
#include <stdio.h>

#include "sema/checker.h"
#include "support/check.h"
#include "support/vec.h"

static Type *prim(Checker *c, TypeKind k)
{
    return type_primitive(c->types, k);
}

/* A value path whose first segment is a module (§3.7): no local or member of
 * `this` has that name. Its binding (SEMA_BIND_NONE after a report). */
SemaBinding check_qualified_value(Checker *c, const AstPath *path, Span span)
{
    const CheckItem *item = module_resolve_qualified(c, path->segments, path->count, CHECK_PATH_VALUE, span);
    if (!item)
        return (SemaBinding){.kind = SEMA_BIND_NONE};
    if (!item->function) {
        check_unsupported(c, span, "values of this item kind");
        return (SemaBinding){.kind = SEMA_BIND_NONE};
    }
    return (SemaBinding){.kind = SEMA_BIND_FUNCTION, .function = item->function};
}

bool check_path_is_qualified(Checker *c, const AstPath *path)
{
    Symbol head = path->segments[0].name;
    return path->count > 1 && !resolve_local_visible(c, head) && !resolve_this_member(c, head) &&
           module_lookup_module(c, head);
}

static Type *check_path(Checker *c, const AstExpr *e)
{
    const AstPath *path = &e->path.path;
    bool via_this = false; /* a member of the implicit `this` (§5a item 7) */
    const AstPathSegment *seg = &path->segments[0];
    SemaBinding b;
    if (check_path_is_qualified(c, path)) { /* `m.f`, `m.inner.f` */
        seg = &path->segments[path->count - 1];
        b = check_qualified_value(c, path, e->span);
    } else if (path->count > 1) {
        SemaBinding head = resolve_name(c, path->segments[0].name, path->segments[0].span, &via_this);
        if (head.kind == SEMA_BIND_LOCAL) /* field access (check_struct.c) */
            return check_field_path(c, e, head);
        if (head.kind != SEMA_BIND_NONE)
            check_unsupported(c, e->span, "member access");
        return check_set_type(c, e, check_error_type(c));
    } else {
        b = resolve_name(c, path->segments[0].name, e->span, &via_this);
    }
    if (via_this) /* `count` is `this.count` */
        return check_field_path(c, e, b);
    if (b.kind == SEMA_BIND_FUNCTION && b.function->type_param_count) { /* `id<i64>` as a value */
        uint32_t n = b.function->type_param_count;
        Type **args = ARENA_ARRAY(c->arena, Type *, n);
        if (!seg->has_generic_args) {
            generic_report_undetermined(c, e->span, b.function->name);
            return check_set_type(c, e, check_error_type(c));
        }
        if (!generic_explicit_args(c, seg, n, args))
            return check_set_type(c, e, check_error_type(c));
        if (!(b.function = generic_fn_instance(c, b.function, args, e->span)))
            return check_set_type(c, e, check_error_type(c));
    } else if (seg->has_generic_args && b.kind != SEMA_BIND_NONE) {
        char got[16];
        snprintf(got, sizeof got, "%u", seg->generic_count);
        diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1204_GENERIC_ARGUMENT_MISMATCH, "0", got);
        return check_set_type(c, e, check_error_type(c));
    }
    check_node(c, e->id)->binding = b;
    if (b.kind == SEMA_BIND_NONE)
        return check_set_type(c, e, check_error_type(c));
    if (b.kind == SEMA_BIND_FUNCTION) /* a closure with an empty environment (§5b item 7) */
        return check_set_type(c, e, check_function_value(c, b.function));
    if (b.kind != SEMA_BIND_LOCAL) {
        check_unsupported(c, e->span, "function values");
        return check_set_type(c, e, check_error_type(c));
    }
    return check_set_type(c, e, b.local->type);
}

static Type *check_unary(Checker *c, const AstExpr *e, Type *expected)
{
    const AstExpr *operand = e->unary.operand;
    if (e->unary.op == AST_UNARY_NEG) {
        if (operand->kind == AST_EXPR_INT)
            return check_set_type(c, e, numeric_check_int_literal(c, operand, expected, true, e->span));
        Type *t = check_expr(c, operand, expected);
        if (!type_is_error(t) && !type_is_numeric(t)) {
            diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1210_INVALID_UNARY_OPERATION);
            return check_set_type(c, e, check_error_type(c));
        }
        return check_set_type(c, e, t);
    }
    Type *t = check_expr(c, operand, prim(c, TYPE_BOOL));
    if (!type_is_error(t) && t->kind != TYPE_BOOL) {
        diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1210_INVALID_UNARY_OPERATION);
        return check_set_type(c, e, check_error_type(c));
    }
    return check_set_type(c, e, prim(c, TYPE_BOOL));
}

static bool is_reference(const Type *t)
{
    return t->kind == TYPE_STRING || t->kind == TYPE_FUNCTION || t->kind == TYPE_ARRAY || t->kind == TYPE_STRUCT ||
           t->kind == TYPE_ENUM || t->kind == TYPE_CONTRACT || t->kind == TYPE_GENERIC_PARAM;
}

/* 'in_instance': the body of a generic instance, where `==` written on a
 * type parameter compares references by identity (§5a item 6); the
 * declaration's check already rejected `==` on concrete reference types. */
static bool operator_applies(AstBinaryOp op, const Type *t, bool in_instance)
{
    switch (op) {
    case AST_BINARY_ADD: return type_is_numeric(t) || t->kind == TYPE_STRING;
    case AST_BINARY_SUB:
    case AST_BINARY_MUL:
    case AST_BINARY_DIV: return type_is_numeric(t);
    case AST_BINARY_REM: return type_is_integer(t);
    case AST_BINARY_LT:
    case AST_BINARY_LE:
    case AST_BINARY_GT:
    case AST_BINARY_GE: return type_is_numeric(t) || t->kind == TYPE_CHAR;
    case AST_BINARY_EQ:
    case AST_BINARY_NE:
        return type_is_numeric(t) || t->kind == TYPE_BOOL || t->kind == TYPE_CHAR || t->kind == TYPE_STRING ||
               t->kind == TYPE_GENERIC_PARAM || (in_instance && is_reference(t));
    case AST_BINARY_SAME:
    case AST_BINARY_NOTSAME: return is_reference(t) || in_instance; /* `===` on a T bound to a value type */
    case AST_BINARY_AND:
    case AST_BINARY_OR: return t->kind == TYPE_BOOL;
    }
    BSK_UNREACHABLE();
}

/* The type a binary node's operands are checked against: from the context
 * for arithmetic, bool for `&&`/`||`. */
static Type *binary_hint(Checker *c, const AstExpr *e, Type *expected)
{
    AstBinaryOp op = e->binary.op;
    if (op == AST_BINARY_AND || op == AST_BINARY_OR)
        return prim(c, TYPE_BOOL);
    return op <= AST_BINARY_REM && expected && type_is_numeric(expected) ? expected : NULL;
}

/* The type of binary node 'e' from its operands' types 'tl' and 'tr'. */
static Type *binary_result(Checker *c, const AstExpr *e, Type *tl, Type *tr)
{
    AstBinaryOp op = e->binary.op;
    bool arithmetic = op <= AST_BINARY_REM;
    Type *result_bool = prim(c, TYPE_BOOL);
    if (type_is_error(tl) || type_is_error(tr))
        return check_set_type(c, e, arithmetic ? check_error_type(c) : result_bool);
    Type *t;
    if (tl == tr) {
        t = tl;
    } else if (tl->kind == TYPE_NEVER) {
        t = tr;
        numeric_coerce(c, e->binary.lhs, tr);
    } else if (tr->kind == TYPE_NEVER) {
        t = tl;
        numeric_coerce(c, e->binary.rhs, tl);
    } else if (numeric_widens(tl, tr)) {
        t = tr;
        numeric_convert(c, e->binary.lhs, tr);
    } else if (numeric_widens(tr, tl)) {
        t = tl;
        numeric_convert(c, e->binary.rhs, tl);
    } else {
        diag_report(&c->stages[STAGE_TYPES], e->binary.rhs->span, DIAG_E1206_TYPE_MISMATCH, type_name(c->arena, tl),
                    type_name(c->arena, tr));
        return check_set_type(c, e, arithmetic ? check_error_type(c) : result_bool);
    }
    if (t->kind == TYPE_NEVER) /* both operands diverge */
        return check_set_type(c, e, t);
    if (!operator_applies(op, t, c->in_instance)) {
        diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1209_INVALID_BINARY_OPERATION);
        return check_set_type(c, e, arithmetic ? check_error_type(c) : result_bool);
    }
    if (t->kind == TYPE_ENUM && t->def && !arithmetic && op != AST_BINARY_AND && op != AST_BINARY_OR) /* `===`, `==` on a T */
        t->def->identity_observed = true;
    return check_set_type(c, e, arithmetic ? t : result_bool);
}

/* A chain `a + b + …` is a left-leaning tree as deep as it is long, so its
 * left spine is walked in loops: contexts flow down it (hints), then types
 * flow up. Operands are checked left to right, except that a literal left
 * operand takes its type from a non-literal right one (§3.3.1); below such
 * a node everything is literal, and it is checked by one more call. */
static Type *check_binary(Checker *c, const AstExpr *e, Type *expected)
{
    VEC(const AstExpr *) spine = {0};
    const AstExpr *leaf = e;
    for (; leaf->kind == AST_EXPR_BINARY; leaf = leaf->binary.lhs)
        VEC_PUSH(c->arena, &spine, leaf);
    uint32_t n = spine.count;
    /* lhs_literal[i]: the left operand of spine[i] is literal arithmetic */
    bool *lhs_literal = ARENA_ARRAY(c->arena, bool, n);
    Type **hints = ARENA_ARRAY(c->arena, Type *, n);
    bool below = numeric_is_literal(leaf);
    for (uint32_t i = n; i-- > 0;) {
        lhs_literal[i] = below;
        below = below && spine.items[i]->binary.op <= AST_BINARY_REM && numeric_is_literal(spine.items[i]->binary.rhs);
    }
    uint32_t stop = n; /* the node whose right operand is checked first, if any */
    for (uint32_t i = 0; i < n; i++) {
        hints[i] = binary_hint(c, spine.items[i], expected);
        expected = hints[i];
        if (lhs_literal[i] && !numeric_is_literal(spine.items[i]->binary.rhs)) {
            stop = i;
            break;
        }
    }
    Type *tl;
    uint32_t i = n;
    if (stop < n) {
        const AstExpr *node = spine.items[stop];
        Type *tr = check_expr(c, node->binary.rhs, hints[stop]);
        tl = check_expr(c, node->binary.lhs, type_is_numeric(tr) ? tr : hints[stop]);
        tl = binary_result(c, node, tl, tr);
        i = stop;
    } else {
        tl = check_expr(c, leaf, expected);
    }
    while (i-- > 0) {
        const AstExpr *node = spine.items[i];
        Type *tr = check_expr(c, node->binary.rhs, type_is_numeric(tl) ? tl : hints[i]);
        tl = binary_result(c, node, tl, tr);
    }
    /* A string `+` copies its operands into a new string; `==` and `!=`
     * only read them. */
    for (uint32_t k = 0; k < n; k++) {
        const AstExpr *node = spine.items[k];
        AstBinaryOp op = node->binary.op;
        if (op != AST_BINARY_ADD && op != AST_BINARY_EQ && op != AST_BINARY_NE)
            continue;
        check_note_copied(c, node->binary.rhs);
        if (node->binary.lhs->kind != AST_EXPR_BINARY)
            check_note_copied(c, node->binary.lhs);
    }
    return tl;
}

static Type *check_assign(Checker *c, const AstExpr *e)
{
    const AstExpr *target = e->assign.target;
    if (target->kind == AST_EXPR_INDEX)
        return check_index_assign(c, e);
    if (target->kind == AST_EXPR_MEMBER || (target->kind == AST_EXPR_PATH && target->path.path.count > 1))
        return check_field_assign(c, e); /* check_struct.c */
    SemaLocal *local = NULL;
    if (target->kind == AST_EXPR_PATH && target->path.path.count == 1 && !target->path.path.segments[0].has_generic_args) {
        bool via_this = false;
        SemaBinding b = resolve_name(c, target->path.path.segments[0].name, target->span, &via_this);
        check_node(c, target->id)->binding = b;
        if (via_this) /* `count = v` is `this.count = v` (§5a item 7) */
            return check_field_assign(c, e);
        if (b.kind == SEMA_BIND_LOCAL) {
            local = b.local;
            local->is_assigned = true; /* a captured assigned local lives in a cell */
        } else if (b.kind != SEMA_BIND_NONE)
            diag_report(&c->stages[STAGE_TYPES], target->span, DIAG_E1202_UNSUPPORTED_EXPRESSION);
    } else if (target->kind == AST_EXPR_PATH || target->kind == AST_EXPR_MEMBER || target->kind == AST_EXPR_INDEX) {
        check_unsupported(c, target->span, target->kind == AST_EXPR_INDEX ? "array indexing" : "field assignment");
    } else {
        diag_report(&c->stages[STAGE_TYPES], target->span, DIAG_E1202_UNSUPPORTED_EXPRESSION);
    }
    if (!local) {
        check_expr(c, e->assign.value, NULL);
        return check_set_type(c, e, check_error_type(c));
    }
    Type *t = local->type;
    check_set_type(c, target, t);
    if (!local->is_mutable) {
        Diag *d = diag_report(&c->stages[STAGE_MUT], target->span, DIAG_E1214_IMMUTABLE_ASSIGNMENT, local->name);
        diag_set_help(&c->stages[STAGE_MUT], d, "declare it as `let mut` to allow assignment");
        hint_immutable(c, &c->stages[STAGE_MUT], d, local);
    }
    return check_assign_value(c, e, t);
}

/* Checks the value of 'e' (an assignment to a place of type 't', any place:
 * local, field or array element) against the operator: `+=` applies to
 * numbers and strings, `%=` to integers (E1209 on f64), the others to numbers
 * (else E1202 `unsupported expression`). Returns the assignment's type. */
Type *check_assign_value(Checker *c, const AstExpr *e, Type *t)
{
    if (type_is_error(t)) {
        check_expr(c, e->assign.value, NULL);
        return check_set_type(c, e, t);
    }
    check_expr(c, e->assign.value, t);
    if (check_event_misuse(c, e)) /* E1221 (check_event.c) */
        return check_set_type(c, e, check_error_type(c));
    bool ok;
    switch (e->assign.op) {
    case AST_ASSIGN: ok = true; break;
    case AST_ASSIGN_ADD: ok = type_is_numeric(t) || t->kind == TYPE_STRING; break;
    case AST_ASSIGN_REM:
        if (t->kind == TYPE_F64) {
            diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1209_INVALID_BINARY_OPERATION);
            return check_set_type(c, e, check_error_type(c));
        }
        ok = type_is_integer(t);
        break;
    default: ok = type_is_numeric(t); break;
    }
    if (!ok) {
        diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1202_UNSUPPORTED_EXPRESSION);
        return check_set_type(c, e, check_error_type(c));
    }
    check_coerce(c, e->assign.value, t);
    if (e->assign.op == AST_ASSIGN_ADD && t->kind == TYPE_STRING) /* `s += v` copies v's bytes */
        check_note_copied(c, e->assign.value);
    return check_set_type(c, e, t);
}

static Type *check_cast(Checker *c, const AstExpr *e)
{
    Type *to = resolve_type(c, e->cast.target, false);
    Type *from = check_expr(c, e->cast.operand, NULL);
    if (type_is_error(to) || type_is_error(from))
        return check_set_type(c, e, check_error_type(c));
    bool ok = from == to || from->kind == TYPE_NEVER || (type_is_numeric(from) && type_is_numeric(to)) ||
              (from->kind == TYPE_CHAR && type_is_integer(to)) || (type_is_integer(from) && to->kind == TYPE_CHAR);
    if (!ok) {
        diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1206_TYPE_MISMATCH, type_name(c->arena, to),
                    type_name(c->arena, from));
        return check_set_type(c, e, check_error_type(c));
    }
    return check_set_type(c, e, to);
}

Type *check_expr(Checker *c, const AstExpr *e, Type *expected)
{
    switch (e->kind) {
    case AST_EXPR_INT: return numeric_check_int_literal(c, e, expected, false, e->span);
    case AST_EXPR_FLOAT: return check_set_type(c, e, prim(c, TYPE_F64));
    case AST_EXPR_BOOL: return check_set_type(c, e, prim(c, TYPE_BOOL));
    case AST_EXPR_CHAR: return check_set_type(c, e, prim(c, TYPE_CHAR));
    case AST_EXPR_STRING: return check_set_type(c, e, prim(c, TYPE_STRING));
    case AST_EXPR_PATH: return check_path(c, e);
    case AST_EXPR_UNARY: return check_unary(c, e, expected);
    case AST_EXPR_BINARY: return check_binary(c, e, expected);
    case AST_EXPR_ASSIGN: return check_assign(c, e);
    case AST_EXPR_CALL: return check_call(c, e, expected);
    case AST_EXPR_CAST: return check_cast(c, e);
    case AST_EXPR_BLOCK:
        check_block(c, e->block);
        return check_set_type(c, e, prim(c, TYPE_UNIT));
    case AST_EXPR_INTERPOLATION: return check_interpolation(c, e);
    case AST_EXPR_MEMBER: return check_member(c, e);
    case AST_EXPR_INDEX: return check_index(c, e);
    case AST_EXPR_TRY: return check_try(c, e);
    case AST_EXPR_ENUM_CTOR: return check_enum_ctor(c, e, expected);
    case AST_EXPR_STRUCT_LIT: return check_struct_lit(c, e, expected);
    case AST_EXPR_ARRAY_LIT: return check_array_lit(c, e, expected);
    case AST_EXPR_LAMBDA: return check_lambda(c, e, expected);
    case AST_EXPR_MATCH: return check_match(c, e, expected, false);
    }
    return check_set_type(c, e, check_error_type(c));
}
