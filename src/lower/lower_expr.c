/* lower/lower_expr.c: expressions. Integer ops wrap; u8 divides and compares
 * unsigned; `&&`/`||` branch through a temporary local; strings go through
 * the runtime (str_new per literal evaluation, str_concat, beskid_rt_str_eq);
 * a call of a `never` function is followed by `unreachable` and lowering
 * continues in a fresh, unreachable block. */
#include "lower/lower_internal.h"
#include "support/check.h"
#include "support/vec.h"

static uint32_t zero_of(Lowerer *lw, IrType t)
{
    if (t == IR_VOID)
        return IR_NO_VALUE;
    return t == IR_F64 ? irb_fconst(&lw->b, 0.0) : irb_iconst(&lw->b, t, 0);
}

static int int_bits(const Type *t)
{
    switch (t->kind) {
    case TYPE_U8: return 8;
    case TYPE_I32:
    case TYPE_CHAR: return 32;
    case TYPE_I64: return 64;
    default: BSK_UNREACHABLE();
    }
}

/* An integer that is not a Unicode scalar becomes U+FFFD (§5b item 4). */
static uint32_t int_to_char(Lowerer *lw, uint32_t v, const Type *from)
{
    if (from->kind == TYPE_U8)
        return irb_unary(&lw->b, IR_OP_ZEXT, IR_I32, v);
    uint32_t wide = from->kind == TYPE_I64 ? v : irb_unary(&lw->b, IR_OP_SEXT, IR_I64, v);
    uint32_t below_surrogates = irb_cmp(&lw->b, IR_OP_ICMP, IR_COND_ULT, wide, irb_iconst(&lw->b, IR_I64, 0xD800));
    uint32_t shifted = irb_binary(&lw->b, IR_OP_SUB, IR_I64, wide, irb_iconst(&lw->b, IR_I64, 0xE000));
    uint32_t upper = irb_cmp(&lw->b, IR_OP_ICMP, IR_COND_ULT, shifted, irb_iconst(&lw->b, IR_I64, 0x110000 - 0xE000));
    uint32_t valid = irb_binary(&lw->b, IR_OP_ADD, IR_I8, below_surrogates, upper); /* disjoint: 0 or 1 */
    IrFunc *f = lw->b.func;
    uint32_t tmp = ir_local_new(lw->artifact, f, "char.cast", IR_I32);
    irb_set(&lw->b, tmp, irb_iconst(&lw->b, IR_I32, 0xFFFD));
    uint32_t ok = ir_block_new(lw->artifact, f), join = ir_block_new(lw->artifact, f);
    irb_br(&lw->b, valid, ok, join);
    lw->b.block = ok;
    irb_set(&lw->b, tmp, irb_unary(&lw->b, IR_OP_TRUNC, IR_I32, wide));
    irb_jmp(&lw->b, join);
    lw->b.block = join;
    return irb_get(&lw->b, tmp);
}

uint32_t lower_convert(Lowerer *lw, uint32_t v, const Type *from, const Type *to)
{
    IrType target = lower_ir_type(to);
    if (from->kind == TYPE_NEVER) /* dead code after a diverging call */
        return zero_of(lw, target);
    if (from == to)
        return v;
    if (to->kind == TYPE_CHAR)
        return int_to_char(lw, v, from);
    if (to->kind == TYPE_F64)
        return irb_unary(&lw->b, from->kind == TYPE_U8 ? IR_OP_UITOFP : IR_OP_SITOFP, IR_F64, v);
    if (from->kind == TYPE_F64)
        return irb_unary(&lw->b, to->kind == TYPE_U8 ? IR_OP_FPTOUI : IR_OP_FPTOSI, target, v);
    int fb = int_bits(from), tb = int_bits(to);
    if (fb == tb)
        return v;
    if (fb > tb)
        return irb_unary(&lw->b, IR_OP_TRUNC, target, v);
    bool unsigned_source = from->kind == TYPE_U8 || from->kind == TYPE_CHAR;
    return irb_unary(&lw->b, unsigned_source ? IR_OP_ZEXT : IR_OP_SEXT, target, v);
}

static uint32_t lower_int_literal(Lowerer *lw, const AstExpr *lit, const Type *type, bool negated)
{
    uint64_t magnitude = lit->int_lit.value;
    if (type->kind == TYPE_F64)
        return irb_fconst(&lw->b, negated ? -(double)magnitude : (double)magnitude);
    uint64_t bits = negated ? 0 - magnitude : magnitude;
    return irb_iconst(&lw->b, lower_ir_type(type), (int64_t)bits);
}

/* Arithmetic 'op' on two values of type 't' (also used by compound assignment). */
static uint32_t arithmetic(Lowerer *lw, AstBinaryOp op, const Type *t, uint32_t l, uint32_t r)
{
    IrType it = lower_ir_type(t);
    if (t->kind == TYPE_STRING)
        return lower_string_join2(lw, l, r); /* lower_string.c */
    bool is_float = t->kind == TYPE_F64, is_unsigned = t->kind == TYPE_U8;
    IrOp o;
    switch (op) {
    case AST_BINARY_ADD: o = is_float ? IR_OP_FADD : IR_OP_ADD; break;
    case AST_BINARY_SUB: o = is_float ? IR_OP_FSUB : IR_OP_SUB; break;
    case AST_BINARY_MUL: o = is_float ? IR_OP_FMUL : IR_OP_MUL; break;
    case AST_BINARY_DIV: o = is_float ? IR_OP_FDIV : is_unsigned ? IR_OP_UDIV : IR_OP_SDIV; break;
    case AST_BINARY_REM: o = is_unsigned ? IR_OP_UREM : IR_OP_SREM; break;
    default: BSK_UNREACHABLE();
    }
    return irb_binary(&lw->b, o, it, l, r);
}

static uint32_t comparison(Lowerer *lw, AstBinaryOp op, const Type *t, uint32_t l, uint32_t r)
{
    if (t->kind == TYPE_STRING && (op == AST_BINARY_EQ || op == AST_BINARY_NE)) {
        uint32_t args[2] = {l, r};
        uint32_t eq = irb_call_rt(&lw->b, IR_RT_STR_EQ, args, 2);
        return op == AST_BINARY_EQ ? eq : irb_unary(&lw->b, IR_OP_NOT, IR_I8, eq);
    }
    if (t->kind == TYPE_F64) { /* `===` reaches f64 only through a type parameter: value equality */
        IrCond cond = op == AST_BINARY_EQ || op == AST_BINARY_SAME      ? IR_COND_EQ
                      : op == AST_BINARY_NE || op == AST_BINARY_NOTSAME ? IR_COND_NE
                      : op == AST_BINARY_LT ? IR_COND_FLT
                      : op == AST_BINARY_LE ? IR_COND_FLE
                      : op == AST_BINARY_GT ? IR_COND_FGT
                                            : IR_COND_FGE;
        return irb_cmp(&lw->b, IR_OP_FCMP, cond, l, r);
    }
    bool is_unsigned = t->kind == TYPE_U8 || t->kind == TYPE_CHAR;
    IrCond cond;
    switch (op) {
    case AST_BINARY_EQ:
    case AST_BINARY_SAME: cond = IR_COND_EQ; break;
    case AST_BINARY_NE:
    case AST_BINARY_NOTSAME: cond = IR_COND_NE; break;
    case AST_BINARY_LT: cond = is_unsigned ? IR_COND_ULT : IR_COND_SLT; break;
    case AST_BINARY_LE: cond = is_unsigned ? IR_COND_ULE : IR_COND_SLE; break;
    case AST_BINARY_GT: cond = is_unsigned ? IR_COND_UGT : IR_COND_SGT; break;
    case AST_BINARY_GE: cond = is_unsigned ? IR_COND_UGE : IR_COND_SGE; break;
    default: BSK_UNREACHABLE();
    }
    return irb_cmp(&lw->b, IR_OP_ICMP, cond, l, r);
}

/* `&&`/`||` whose left operand is lowered to 'l': the right operand runs
 * only when it decides, through the local 'tmp'. */
static uint32_t lower_logical(Lowerer *lw, const AstExpr *e, uint32_t tmp, uint32_t l)
{
    IrFunc *f = lw->b.func;
    lw->b.loc = e->span;
    irb_set(&lw->b, tmp, l);
    uint32_t rhs_block = ir_block_new(lw->artifact, f), join = ir_block_new(lw->artifact, f);
    if (e->binary.op == AST_BINARY_AND)
        irb_br(&lw->b, l, rhs_block, join);
    else
        irb_br(&lw->b, l, join, rhs_block);
    lw->b.block = rhs_block;
    uint32_t r = lower_expr(lw, e->binary.rhs);
    lw->b.loc = e->span;
    irb_set(&lw->b, tmp, r);
    irb_jmp(&lw->b, join);
    lw->b.block = join;
    return irb_get(&lw->b, tmp);
}

/* Binary node 'e' whose left operand is lowered to 'l'. */
static uint32_t lower_binary_node(Lowerer *lw, const AstExpr *e, uint32_t l)
{
    AstBinaryOp op = e->binary.op;
    uint32_t r = lower_expr(lw, e->binary.rhs);
    lw->b.loc = e->span;
    const Type *t = lower_type(lw, e->binary.lhs);
    if (t->kind == TYPE_NEVER)
        return zero_of(lw, lower_ir_type(lower_own_type(lw, e)));
    if (op <= AST_BINARY_REM)
        return arithmetic(lw, op, t, l, r);
    return comparison(lw, op, t, l, r);
}

static uint32_t lower_conversion(Lowerer *lw, const AstExpr *e, uint32_t v);

/* A chain `a + b + …` is a left-leaning tree as deep as it is long: its
 * left spine is lowered in a loop, innermost operand first. The locals of
 * `&&`/`||` are made on the way down, as a recursive walk would. */
static bool is_string_join(Lowerer *lw, const AstExpr *e)
{
    return e->kind == AST_EXPR_BINARY && e->binary.op == AST_BINARY_ADD &&
           lower_type(lw, e->binary.lhs)->kind == TYPE_STRING;
}

static uint32_t lower_binary(Lowerer *lw, const AstExpr *e)
{
    if (is_string_join(lw, e))
        return lower_string_join(lw, e); /* lower_string.c: the whole chain at once */
    VEC(const AstExpr *) spine = {0};
    VEC(uint32_t) tmps = {0};
    const AstExpr *leaf = e;
    for (; leaf->kind == AST_EXPR_BINARY && !is_string_join(lw, leaf); leaf = leaf->binary.lhs) {
        AstBinaryOp op = leaf->binary.op;
        bool logical = op == AST_BINARY_AND || op == AST_BINARY_OR;
        uint32_t tmp = logical ? ir_local_new(lw->artifact, lw->b.func, op == AST_BINARY_AND ? "and" : "or", IR_I8) : 0;
        VEC_PUSH(lw->arena, &spine, leaf);
        VEC_PUSH(lw->arena, &tmps, tmp);
    }
    uint32_t v = lower_expr(lw, leaf);
    for (uint32_t i = spine.count; i-- > 0;) {
        const AstExpr *node = spine.items[i];
        AstBinaryOp op = node->binary.op;
        if (op == AST_BINARY_AND || op == AST_BINARY_OR)
            v = lower_logical(lw, node, tmps.items[i], v);
        else
            v = lower_binary_node(lw, node, v);
        if (i > 0) /* the caller converts the chain's own value */
            v = lower_conversion(lw, node, v);
    }
    return v;
}

uint32_t lower_arithmetic(Lowerer *lw, AstBinaryOp op, const Type *t, uint32_t l, uint32_t r)
{
    return arithmetic(lw, op, t, l, r);
}

static uint32_t lower_assign(Lowerer *lw, const AstExpr *e)
{
    if (e->assign.target->kind == AST_EXPR_INDEX)
        return lower_index_assign(lw, e);
    if (e->assign.target->kind == AST_EXPR_MEMBER || lower_node(lw, e->assign.target->id)->fields)
        return lower_field_assign(lw, e); /* lower_object.c */
    const SemaLocal *target = lower_node(lw, e->assign.target->id)->binding.local;
    uint32_t appended = lower_string_owned_append(lw, e, target); /* lower_string.c */
    if (appended != IR_NO_VALUE)
        return appended;
    if (e->assign.op == AST_ASSIGN && lower_string_owned_literal(lw, target, e->assign.value))
        return lower_local_get(lw, target);
    if (e->assign.op == AST_ASSIGN) {
        uint32_t v = lower_expr(lw, e->assign.value);
        lw->b.loc = e->span;
        lower_local_set(lw, target, v);
        lower_string_disown(lw, target);
        return v;
    }
    static const AstBinaryOp ops[] = {
        [AST_ASSIGN_ADD] = AST_BINARY_ADD, [AST_ASSIGN_SUB] = AST_BINARY_SUB, [AST_ASSIGN_MUL] = AST_BINARY_MUL,
        [AST_ASSIGN_DIV] = AST_BINARY_DIV, [AST_ASSIGN_REM] = AST_BINARY_REM,
    };
    lw->b.loc = e->span;
    uint32_t current = lower_local_get(lw, target);
    if (e->assign.op == AST_ASSIGN_ADD && target->type->kind == TYPE_STRING) {
        uint32_t joined = lower_string_append(lw, current, e->assign.value, e->span); /* lower_string.c */
        lower_local_set(lw, target, joined);
        return joined;
    }
    uint32_t v = lower_expr(lw, e->assign.value);
    lw->b.loc = e->span;
    uint32_t result = arithmetic(lw, ops[e->assign.op], target->type, current, v);
    lower_local_set(lw, target, result);
    return result;
}

/* `__hash(x)` by the (substituted) type of x: numbers, bool and char by
 * value (widened to i64; f64 so that 0.0 and -0.0 agree), strings by
 * content, every reference by identity (§5a item 6). */
static uint32_t lower_hash(Lowerer *lw, const AstExpr *e)
{
    const AstExpr *arg = e->call.args[0];
    uint32_t v = lower_expr(lw, arg);
    lw->b.loc = e->span;
    const Type *t = lower_type(lw, arg);
    IrRuntimeFn fn;
    switch (t->kind) {
    case TYPE_NEVER: return irb_iconst(&lw->b, IR_I64, 0); /* dead code */
    case TYPE_F64: fn = IR_RT_HASH_F64; break;
    case TYPE_STRING: fn = IR_RT_HASH_STR; break;
    case TYPE_BOOL:
    case TYPE_U8:
    case TYPE_CHAR:
        v = irb_unary(&lw->b, IR_OP_ZEXT, IR_I64, v);
        fn = IR_RT_HASH_I64;
        break;
    case TYPE_I32:
        v = irb_unary(&lw->b, IR_OP_SEXT, IR_I64, v);
        fn = IR_RT_HASH_I64;
        break;
    case TYPE_I64: fn = IR_RT_HASH_I64; break;
    default:
        BSK_ASSERT(lower_ir_type(t) == IR_PTR);
        fn = IR_RT_HASH_PTR;
        break;
    }
    return irb_call_rt(&lw->b, fn, &v, 1);
}

static uint32_t lower_call(Lowerer *lw, const AstExpr *e)
{
    const SemaBinding *b = &lower_node(lw, e->id)->binding;
    if (b->kind == SEMA_BIND_NONE) /* a callee of function type */
        return lower_indirect_call(lw, e);
    if (b->kind == SEMA_BIND_EVENT)
        return lower_event_invoke(lw, e); /* lower_event.c */
    if (b->kind == SEMA_BIND_EXTERN)
        return lower_extern_call(lw, e); /* lower_extern.c */
    if ((b->kind == SEMA_BIND_FUNCTION && b->function->receiver) || b->kind == SEMA_BIND_DISPATCH)
        return lower_method_call(lw, e); /* lower_object.c */
    if (b->kind == SEMA_BIND_BUILTIN && (b->builtin == SEMA_BUILTIN_ARRAY_NEW || b->builtin == SEMA_BUILTIN_ARRAY_LEN ||
                                         b->builtin == SEMA_BUILTIN_ARRAY_ALLOC))
        return lower_array_builtin(lw, e);
    if (b->kind == SEMA_BIND_BUILTIN && b->builtin == SEMA_BUILTIN_HASH)
        return lower_hash(lw, e);
    uint32_t count = e->call.arg_count;
    uint32_t args[count ? count : 1];
    for (uint32_t i = 0; i < count; i++)
        args[i] = lower_expr(lw, e->call.args[i]);
    lw->b.loc = e->span;
    uint32_t result;
    if (b->kind == SEMA_BIND_BUILTIN) {
        static const int runtime_of[] = {
#define BUILTIN(id, name, kind, signature, runtime) [SEMA_BUILTIN_##id] = runtime,
#include "sema/builtins.def"
#undef BUILTIN
        };
        BSK_ASSERT(runtime_of[b->builtin] >= 0);
        result = irb_call_rt(&lw->b, (IrRuntimeFn)runtime_of[b->builtin], args, count);
    } else {
        BSK_ASSERT(b->kind == SEMA_BIND_FUNCTION);
        result = irb_call(&lw->b, b->function->index, args, count);
    }
    if (lower_own_type(lw, e)->kind == TYPE_NEVER) {
        irb_unreachable(&lw->b);
        lower_reopen(lw);
        return IR_NO_VALUE;
    }
    return result;
}

/* The value of 'e' itself, before its implicit conversion. */
static uint32_t lower_value(Lowerer *lw, const AstExpr *e)
{
    lw->b.loc = e->span;
    switch (e->kind) {
    case AST_EXPR_INT: return lower_int_literal(lw, e, lower_own_type(lw, e), false);
    case AST_EXPR_FLOAT: return irb_fconst(&lw->b, e->float_lit);
    case AST_EXPR_BOOL: return irb_iconst(&lw->b, IR_I8, e->bool_lit ? 1 : 0);
    case AST_EXPR_CHAR: return irb_iconst(&lw->b, IR_I32, (int64_t)e->char_lit);
    case AST_EXPR_STRING: return lower_string_const(lw, e->string_lit.bytes, e->string_lit.len);
    case AST_EXPR_PATH: {
        if (lower_node(lw, e->id)->fields) /* `a.b.c` (lower_object.c) */
            return lower_field_path(lw, e);
        const SemaBinding *b = &lower_node(lw, e->id)->binding;
        if (b->kind == SEMA_BIND_FUNCTION)
            return lower_function_value(lw, b->function);
        BSK_ASSERT(b->kind == SEMA_BIND_LOCAL);
        return lower_local_get(lw, b->local);
    }
    case AST_EXPR_UNARY: {
        const AstExpr *operand = e->unary.operand;
        if (e->unary.op == AST_UNARY_NEG && operand->kind == AST_EXPR_INT)
            return lower_int_literal(lw, operand, lower_own_type(lw, e), true);
        uint32_t v = lower_expr(lw, operand);
        lw->b.loc = e->span;
        if (e->unary.op == AST_UNARY_NOT)
            return irb_unary(&lw->b, IR_OP_NOT, IR_I8, v);
        IrType t = lower_ir_type(lower_own_type(lw, e));
        return irb_unary(&lw->b, t == IR_F64 ? IR_OP_FNEG : IR_OP_NEG, t, v);
    }
    case AST_EXPR_BINARY: return lower_binary(lw, e);
    case AST_EXPR_ASSIGN: return lower_assign(lw, e);
    case AST_EXPR_CALL: return lower_call(lw, e);
    case AST_EXPR_CAST: {
        const AstExpr *operand = e->cast.operand;
        uint32_t v = lower_expr(lw, operand);
        lw->b.loc = e->span;
        return lower_convert(lw, v, lower_type(lw, operand), lower_own_type(lw, e));
    }
    case AST_EXPR_BLOCK:
        lower_block(lw, e->block);
        lower_reopen(lw);
        return IR_NO_VALUE;
    case AST_EXPR_LAMBDA: return lower_lambda(lw, e);
    case AST_EXPR_INTERPOLATION: return lower_string_join(lw, e);
    case AST_EXPR_ARRAY_LIT: return lower_array_lit(lw, e);
    case AST_EXPR_INDEX: return lower_index(lw, e);
    case AST_EXPR_STRUCT_LIT: return lower_struct_lit(lw, e);
    case AST_EXPR_MEMBER: return lower_member(lw, e);
    case AST_EXPR_ENUM_CTOR: return lower_enum_ctor(lw, e);
    case AST_EXPR_MATCH: return lower_match(lw, e);
    case AST_EXPR_TRY: return lower_try(lw, e);
    default:
        /* the checker rejects every other construct (E2002) */
        diag_report(lw->diags, e->span, DIAG_E2001_UNSUPPORTED_NODE, "expression");
        return zero_of(lw, lower_ir_type(lower_own_type(lw, e)));
    }
}

uint32_t lower_expr(Lowerer *lw, const AstExpr *e)
{
    return lower_conversion(lw, e, lower_value(lw, e));
}

/* The implicit conversion sema recorded on 'e', applied to its value 'v'. */
static uint32_t lower_conversion(Lowerer *lw, const AstExpr *e, uint32_t v)
{
    const SemaNodeFacts *n = lower_node(lw, e->id);
    if (n->conversion == SEMA_CONV_NONE)
        return v;
    lw->b.loc = e->span;
    if (n->conversion == SEMA_CONV_NEVER) /* dead code after a diverging expression */
        return zero_of(lw, lower_ir_type(n->converted));
    if (n->conversion == SEMA_CONV_TO_CONTRACT) /* lower_contract.c */
        return lower_to_contract(lw, v, n->type, n->converted);
    return lower_convert(lw, v, n->type, n->converted);
}
