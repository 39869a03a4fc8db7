/* artifact/ir.c: facts about ops, types and runtime functions, from the .def tables. */
#include "artifact/ir.h"

#include "support/check.h"

static const struct {
    const char *text;
    int operands;
} op_table[] = {
#define OP(name, text, operands, result) {text, operands},
#include "artifact/ir_ops.def"
#undef OP
};

const char *ir_op_name(IrOp op)
{
    BSK_ASSERT(op < IR_OP__COUNT);
    return op_table[op].text;
}

int ir_op_operand_count(IrOp op)
{
    BSK_ASSERT(op < IR_OP__COUNT);
    return op_table[op].operands;
}

bool ir_op_is_terminator(IrOp op)
{
    return op == IR_OP_JMP || op == IR_OP_BR || op == IR_OP_RET || op == IR_OP_UNREACHABLE;
}

const char *ir_type_name(IrType type)
{
    switch (type) {
    case IR_VOID: return "void";
    case IR_I8: return "i8";
    case IR_I32: return "i32";
    case IR_I64: return "i64";
    case IR_F64: return "f64";
    case IR_PTR: return "ptr";
    }
    BSK_UNREACHABLE();
}

const char *ir_cond_name(IrCond cond)
{
    static const char *const names[] = {"eq", "ne", "slt", "sle", "sgt", "sge", "ult",
                                        "ule", "ugt", "uge", "lt", "le", "gt", "ge"};
    BSK_ASSERT((unsigned)cond < sizeof names / sizeof names[0]);
    return names[cond];
}

#define VOID IR_VOID
#define I8 IR_I8
#define I32 IR_I32
#define I64 IR_I64
#define F64 IR_F64
#define PTR IR_PTR
/* PARAMS(a, b) is {VOID, a, b}: the leading VOID lets an empty list expand
 * to a valid initializer, and the count is the list's length minus one. */
#define PARAMS(...) {VOID, __VA_ARGS__}
#define PARAM_COUNT(list) (uint32_t)(sizeof((IrType[]) PARAMS list) / sizeof(IrType) - 1)
static const struct {
    const char *symbol;
    IrType ret;
    bool noreturn;
    uint32_t param_count;
    IrType params[1 + 5]; /* params[0] is the VOID of PARAMS */
} runtime_table[] = {
#define RT(id, name, ret, c_ret, noreturn, params, c_params, panics) \
    {#name, ret, noreturn, PARAM_COUNT(params), PARAMS params},
#include "abi/abi_runtime.def"
#undef RT
};
#undef PARAMS
#undef PARAM_COUNT
#undef VOID
#undef I8
#undef I32
#undef I64
#undef F64
#undef PTR

const char *ir_runtime_symbol(IrRuntimeFn fn)
{
    BSK_ASSERT(fn < IR_RT__COUNT);
    return runtime_table[fn].symbol;
}

IrType ir_runtime_ret(IrRuntimeFn fn)
{
    BSK_ASSERT(fn < IR_RT__COUNT);
    return runtime_table[fn].ret;
}

bool ir_runtime_noreturn(IrRuntimeFn fn)
{
    BSK_ASSERT(fn < IR_RT__COUNT);
    return runtime_table[fn].noreturn;
}

uint32_t ir_runtime_param_count(IrRuntimeFn fn)
{
    BSK_ASSERT(fn < IR_RT__COUNT);
    return runtime_table[fn].param_count;
}

IrType ir_runtime_param(IrRuntimeFn fn, uint32_t index)
{
    BSK_ASSERT(fn < IR_RT__COUNT && index < runtime_table[fn].param_count);
    return runtime_table[fn].params[1 + index];
}

uint32_t ir_func_value_bound(const IrFunc *f)
{
    uint32_t bound = f->param_count;
    for (uint32_t b = 0; b < f->blocks.count; b++)
        for (uint32_t i = 0; i < f->blocks.items[b].insts.count; i++) {
            uint32_t r = f->blocks.items[b].insts.items[i].result;
            if (r != IR_NO_VALUE && r + 1 > bound)
                bound = r + 1;
        }
    return bound;
}
