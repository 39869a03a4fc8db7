/* sema/numeric.c: integer-literal typing and implicit numeric conversion
 * (language.md §3.3 with its [FIX]es, §5b items 3-4). Lossless widening
 * (u8→i32→i64, u8/i32→f64) is silent; other numeric conversions at
 * assignment-like sites warn W1203. Every conversion is recorded in the
 * converted expression's facts (SemaNodeFacts.conversion) for lowering.
 * check_coerce is the one hook of assignment-like sites: it also records
 * conversions to a contract (check_contract.c decides which are allowed). */
#include "sema/checker.h"
#include "support/check.h"

/* An expression whose type comes only from its context: an integer literal,
 * possibly negated, or arithmetic on such expressions. */
bool numeric_is_literal(const AstExpr *e)
{
    for (;;) { /* down the left spine of a chain in a loop: it may be long */
        switch (e->kind) {
        case AST_EXPR_INT:
            return true;
        case AST_EXPR_UNARY:
            if (e->unary.op != AST_UNARY_NEG)
                return false;
            e = e->unary.operand;
            break;
        case AST_EXPR_BINARY:
            if (e->binary.op > AST_BINARY_REM || !numeric_is_literal(e->binary.rhs))
                return false;
            e = e->binary.lhs;
            break;
        default:
            return false;
        }
    }
}

static bool fits(uint64_t magnitude, bool overflowed, bool negated, TypeKind kind)
{
    if (overflowed)
        return kind == TYPE_F64;
    switch (kind) {
    case TYPE_I32: return negated ? magnitude <= 2147483648u : magnitude <= 2147483647u;
    case TYPE_I64: return negated ? magnitude <= 9223372036854775808u : magnitude <= 9223372036854775807u;
    case TYPE_U8: return negated ? magnitude == 0 : magnitude <= 255;
    case TYPE_F64: return true;
    default: return false;
    }
}

Type *numeric_check_int_literal(Checker *c, const AstExpr *lit, Type *expected, bool negated, Span span)
{
    uint64_t value = lit->int_lit.value;
    bool overflowed = lit->int_lit.overflowed;
    Type *type;
    if (expected && type_is_numeric(expected)) {
        type = expected;
        if (!fits(value, overflowed, negated, expected->kind))
            diag_report(&c->stages[STAGE_TYPES], span, DIAG_E1206_TYPE_MISMATCH, type_name(c->arena, expected),
                        "integer literal");
    } else if (fits(value, overflowed, negated, TYPE_I32)) {
        type = type_primitive(c->types, TYPE_I32);
    } else {
        type = type_primitive(c->types, TYPE_I64);
        if (!fits(value, overflowed, negated, TYPE_I64))
            diag_report(&c->stages[STAGE_TYPES], span, DIAG_E1206_TYPE_MISMATCH, "i64", "integer literal");
    }
    return check_set_type(c, lit, type);
}

bool numeric_widens(const Type *from, const Type *to)
{
    switch (from->kind) {
    case TYPE_U8: return to->kind == TYPE_I32 || to->kind == TYPE_I64 || to->kind == TYPE_F64;
    case TYPE_I32: return to->kind == TYPE_I64 || to->kind == TYPE_F64;
    default: return false;
    }
}

/* An expression is converted at most once: its one use decides. */
static void record(Checker *c, const AstExpr *e, SemaConversionKind kind, Type *to)
{
    SemaNodeFacts *n = check_node(c, e->id);
    BSK_ASSERT(n->conversion == SEMA_CONV_NONE);
    n->conversion = kind;
    n->converted = to;
}

void numeric_convert(Checker *c, const AstExpr *e, Type *to)
{
    record(c, e, SEMA_CONV_NUMERIC, to);
}

void numeric_coerce(Checker *c, const AstExpr *e, Type *target)
{
    Type *from = check_type_of(c, e);
    if (from == target || type_is_error(from) || type_is_error(target))
        return;
    if (from->kind == TYPE_NEVER) {
        /* dead code: lowering materialises a placeholder value of 'target' */
        if (target->kind != TYPE_UNIT)
            record(c, e, SEMA_CONV_NEVER, target);
        return;
    }
    if (type_is_numeric(from) && type_is_numeric(target)) {
        if (!numeric_widens(from, target)) {
            Diag *d = diag_report(&c->stages[STAGE_NUMERIC], e->span, DIAG_W1203_IMPLICIT_NUMERIC_CAST,
                                  type_name(c->arena, from), type_name(c->arena, target));
            diag_set_help(&c->stages[STAGE_NUMERIC], d, "add an explicit cast to make conversion intent clear");
        }
        numeric_convert(c, e, target);
        return;
    }
    diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1206_TYPE_MISMATCH, type_name(c->arena, target),
                type_name(c->arena, from));
}

void check_coerce(Checker *c, const AstExpr *e, Type *target)
{
    Type *from = check_type_of(c, e);
    if (from != target && contract_convertible(from, target)) {
        record(c, e, SEMA_CONV_TO_CONTRACT, target);
        return;
    }
    numeric_coerce(c, e, target);
}
