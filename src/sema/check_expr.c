/* sema/check_expr.c: expression typing (language.md §3.4). 'expected' is the
 * type the context supplies, used only to type integer literals (§3.3.1);
 * callers check compatibility themselves (numeric_coerce at assignment-like
 * sites). Constructs outside the core language report E2002. */
#include "sema/checker.h"
#include "support/check.h"

static Type *set_type(AstExpr *e, Type *t)
{
    e->type = t;
    return t;
}

static Type *prim(Checker *c, TypeKind k)
{
    return type_primitive(c->types, k);
}

static Type *check_path(Checker *c, AstExpr *e)
{
    const AstPath *path = &e->path.path;
    if (path->count > 1 || path->segments[0].has_generic_args) {
        SemaBinding *head = path->count > 1 ? resolve_value(c, path->segments[0].name, path->segments[0].span) : NULL;
        if (path->count > 1 && head && head->kind == SEMA_BIND_LOCAL) /* field access (check_struct.c) */
            return check_field_path(c, e, head);
        if (path->count == 1 || head)
            check_unsupported(c, e->span, path->count > 1 ? "member access" : "generic functions");
        return set_type(e, check_error_type(c));
    }
    SemaBinding *b = resolve_value(c, path->segments[0].name, e->span);
    e->path.binding = b;
    if (!b)
        return set_type(e, check_error_type(c));
    if (b->kind == SEMA_BIND_FUNCTION) /* a closure with an empty environment (§5b item 7) */
        return set_type(e, check_function_value(c, b->function));
    if (b->kind != SEMA_BIND_LOCAL) {
        check_unsupported(c, e->span, "function values");
        return set_type(e, check_error_type(c));
    }
    return set_type(e, b->local->type);
}

static Type *check_unary(Checker *c, AstExpr *e, Type *expected)
{
    AstExpr *operand = e->unary.operand;
    if (e->unary.op == AST_UNARY_NEG) {
        if (operand->kind == AST_EXPR_INT)
            return set_type(e, numeric_check_int_literal(c, operand, expected, true, e->span));
        Type *t = check_expr(c, operand, expected);
        if (!type_is_error(t) && !type_is_numeric(t)) {
            diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1210_INVALID_UNARY_OPERATION);
            return set_type(e, check_error_type(c));
        }
        return set_type(e, t);
    }
    Type *t = check_expr(c, operand, prim(c, TYPE_BOOL));
    if (!type_is_error(t) && t->kind != TYPE_BOOL) {
        diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1210_INVALID_UNARY_OPERATION);
        return set_type(e, check_error_type(c));
    }
    return set_type(e, prim(c, TYPE_BOOL));
}

static bool operator_applies(AstBinaryOp op, const Type *t)
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
        return type_is_numeric(t) || t->kind == TYPE_BOOL || t->kind == TYPE_CHAR || t->kind == TYPE_STRING;
    case AST_BINARY_SAME:
    case AST_BINARY_NOTSAME:
        return t->kind == TYPE_STRING || t->kind == TYPE_FUNCTION || t->kind == TYPE_ARRAY || t->kind == TYPE_STRUCT ||
               t->kind == TYPE_ENUM;
    case AST_BINARY_AND:
    case AST_BINARY_OR: return t->kind == TYPE_BOOL;
    }
    BSK_UNREACHABLE();
}

static Type *check_binary(Checker *c, AstExpr *e, Type *expected)
{
    AstBinaryOp op = e->binary.op;
    bool arithmetic = op <= AST_BINARY_REM;
    bool logical = op == AST_BINARY_AND || op == AST_BINARY_OR;
    Type *result_bool = prim(c, TYPE_BOOL);
    Type *hint = logical ? result_bool : (arithmetic && expected && type_is_numeric(expected)) ? expected : NULL;
    Type *tl, *tr;
    if (numeric_is_literal(e->binary.lhs) && !numeric_is_literal(e->binary.rhs)) {
        tr = check_expr(c, e->binary.rhs, hint);
        tl = check_expr(c, e->binary.lhs, type_is_numeric(tr) ? tr : hint);
    } else {
        tl = check_expr(c, e->binary.lhs, hint);
        tr = check_expr(c, e->binary.rhs, type_is_numeric(tl) ? tl : hint);
    }
    if (type_is_error(tl) || type_is_error(tr))
        return set_type(e, arithmetic ? check_error_type(c) : result_bool);
    Type *t;
    if (tl == tr) {
        t = tl;
    } else if (tl->kind == TYPE_NEVER) {
        t = tr;
        numeric_coerce(c, &e->binary.lhs, tr);
    } else if (tr->kind == TYPE_NEVER) {
        t = tl;
        numeric_coerce(c, &e->binary.rhs, tl);
    } else if (numeric_widens(tl, tr)) {
        t = tr;
        e->binary.lhs = numeric_convert(c, e->binary.lhs, tr);
    } else if (numeric_widens(tr, tl)) {
        t = tl;
        e->binary.rhs = numeric_convert(c, e->binary.rhs, tl);
    } else {
        diag_report(&c->stages[STAGE_TYPES], e->binary.rhs->span, DIAG_E1206_TYPE_MISMATCH, type_name(c->arena, tl),
                    type_name(c->arena, tr));
        return set_type(e, arithmetic ? check_error_type(c) : result_bool);
    }
    if (t->kind == TYPE_NEVER) /* both operands diverge */
        return set_type(e, t);
    if (!operator_applies(op, t)) {
        diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1209_INVALID_BINARY_OPERATION);
        return set_type(e, arithmetic ? check_error_type(c) : result_bool);
    }
    return set_type(e, arithmetic ? t : result_bool);
}

static Type *check_assign(Checker *c, AstExpr *e)
{
    AstExpr *target = e->assign.target;
    if (target->kind == AST_EXPR_INDEX)
        return check_index_assign(c, e);
    if (target->kind == AST_EXPR_MEMBER || (target->kind == AST_EXPR_PATH && target->path.path.count > 1))
        return check_field_assign(c, e); /* check_struct.c */
    SemaLocal *local = NULL;
    if (target->kind == AST_EXPR_PATH && target->path.path.count == 1 && !target->path.path.segments[0].has_generic_args) {
        SemaBinding *b = resolve_value(c, target->path.path.segments[0].name, target->span);
        target->path.binding = b;
        if (b && b->kind == SEMA_BIND_LOCAL) {
            local = b->local;
            local->is_assigned = true; /* a captured assigned local lives in a cell */
        }
        else if (b)
            diag_report(&c->stages[STAGE_TYPES], target->span, DIAG_E1202_UNSUPPORTED_EXPRESSION);
    } else if (target->kind == AST_EXPR_PATH || target->kind == AST_EXPR_MEMBER || target->kind == AST_EXPR_INDEX) {
        check_unsupported(c, target->span, target->kind == AST_EXPR_INDEX ? "array indexing" : "field assignment");
    } else {
        diag_report(&c->stages[STAGE_TYPES], target->span, DIAG_E1202_UNSUPPORTED_EXPRESSION);
    }
    if (!local) {
        check_expr(c, e->assign.value, NULL);
        return set_type(e, check_error_type(c));
    }
    Type *t = local->type;
    target->type = t;
    if (!local->is_mutable) {
        Diag *d = diag_report(&c->stages[STAGE_MUT], target->span, DIAG_E1214_IMMUTABLE_ASSIGNMENT, local->name);
        diag_set_help(&c->stages[STAGE_MUT], d, "declare it as `let mut` to allow assignment");
    }
    return check_assign_value(c, e, t);
}

/* Checks the value of 'e' (an assignment to a place of type 't', any place:
 * local, field or array element) against the operator: `+=` applies to
 * numbers and strings, `%=` to integers (E1209 on f64), the others to numbers
 * (else E1202 `unsupported expression`). Returns the assignment's type. */
Type *check_assign_value(Checker *c, AstExpr *e, Type *t)
{
    if (type_is_error(t)) {
        check_expr(c, e->assign.value, NULL);
        return set_type(e, t);
    }
    check_expr(c, e->assign.value, t);
    bool ok;
    switch (e->assign.op) {
    case AST_ASSIGN: ok = true; break;
    case AST_ASSIGN_ADD: ok = type_is_numeric(t) || t->kind == TYPE_STRING; break;
    case AST_ASSIGN_REM:
        if (t->kind == TYPE_F64) {
            diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1209_INVALID_BINARY_OPERATION);
            return set_type(e, check_error_type(c));
        }
        ok = type_is_integer(t);
        break;
    default: ok = type_is_numeric(t); break;
    }
    if (!ok) {
        diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1202_UNSUPPORTED_EXPRESSION);
        return set_type(e, check_error_type(c));
    }
    numeric_coerce(c, &e->assign.value, t);
    return set_type(e, t);
}

static Type *check_cast(Checker *c, AstExpr *e)
{
    Type *to = resolve_type(c, e->cast.target, false);
    Type *from = check_expr(c, e->cast.operand, NULL);
    if (type_is_error(to) || type_is_error(from))
        return set_type(e, check_error_type(c));
    bool ok = from == to || from->kind == TYPE_NEVER || (type_is_numeric(from) && type_is_numeric(to)) ||
              (from->kind == TYPE_CHAR && type_is_integer(to)) || (type_is_integer(from) && to->kind == TYPE_CHAR);
    if (!ok) {
        diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1206_TYPE_MISMATCH, type_name(c->arena, to),
                    type_name(c->arena, from));
        return set_type(e, check_error_type(c));
    }
    return set_type(e, to);
}

Type *check_expr(Checker *c, AstExpr *e, Type *expected)
{
    switch (e->kind) {
    case AST_EXPR_INT: return numeric_check_int_literal(c, e, expected, false, e->span);
    case AST_EXPR_FLOAT: return set_type(e, prim(c, TYPE_F64));
    case AST_EXPR_BOOL: return set_type(e, prim(c, TYPE_BOOL));
    case AST_EXPR_CHAR: return set_type(e, prim(c, TYPE_CHAR));
    case AST_EXPR_STRING: return set_type(e, prim(c, TYPE_STRING));
    case AST_EXPR_PATH: return check_path(c, e);
    case AST_EXPR_UNARY: return check_unary(c, e, expected);
    case AST_EXPR_BINARY: return check_binary(c, e, expected);
    case AST_EXPR_ASSIGN: return check_assign(c, e);
    case AST_EXPR_CALL: return check_call(c, e, expected);
    case AST_EXPR_CAST: return check_cast(c, e);
    case AST_EXPR_BLOCK:
        check_block(c, e->block);
        return set_type(e, prim(c, TYPE_UNIT));
    case AST_EXPR_CONVERT: return e->type;
    case AST_EXPR_INTERPOLATION: return check_interpolation(c, e);
    case AST_EXPR_MEMBER: return check_member(c, e);
    case AST_EXPR_INDEX: return check_index(c, e);
    case AST_EXPR_TRY: return check_try(c, e);
    case AST_EXPR_ENUM_CTOR: return check_enum_ctor(c, e, expected);
    case AST_EXPR_STRUCT_LIT: return check_struct_lit(c, e);
    case AST_EXPR_ARRAY_LIT: return check_array_lit(c, e, expected);
    case AST_EXPR_LAMBDA: return check_lambda(c, e, expected);
    case AST_EXPR_MATCH: return check_match(c, e, expected, false);
    }
    return set_type(e, check_error_type(c));
}
