/* artifact/ir_build.c: constructing an artifact. Lowering is the only
 * producer; tests use the same calls to build bad IR for the verifier. */
#include "artifact/ir.h"

#include "abi/abi_layout.h"

#include <string.h>

#include "support/check.h"

Artifact *ir_artifact_new(Arena *arena)
{
    Artifact *a = ARENA_NEW(arena, Artifact);
    a->arena = arena;
    a->pointer_size = 8;
    return a;
}

IrFunc *ir_func_new(Artifact *a, const char *symbol, IrType ret, const IrType *params, uint32_t param_count)
{
    IrFunc *f = ARENA_NEW(a->arena, IrFunc);
    f->symbol = arena_strdup(a->arena, symbol);
    f->source_name = f->symbol;
    f->qualified_name = f->symbol;
    f->ret = ret;
    f->param_count = param_count;
    f->params = ARENA_ARRAY(a->arena, IrType, param_count ? param_count : 1);
    for (uint32_t i = 0; i < param_count; i++) {
        f->params[i] = params[i];
        VEC_PUSH(a->arena, &f->value_types, params[i]);
    }
    f->span = SPAN_NONE;
    f->index = a->funcs.count;
    VEC_PUSH(a->arena, &a->funcs, f);
    return f;
}

uint32_t ir_func_index(const Artifact *a, const IrFunc *f)
{
    BSK_ASSERT(f->index < a->funcs.count && a->funcs.items[f->index] == f);
    return f->index;
}

uint32_t ir_block_new(Artifact *a, IrFunc *f)
{
    IrBlock block = {0};
    VEC_PUSH(a->arena, &f->blocks, block);
    return f->blocks.count - 1;
}

uint32_t ir_local_new(Artifact *a, IrFunc *f, const char *name, IrType type)
{
    BSK_ASSERT(type != IR_VOID);
    IrLocal local = {arena_strdup(a->arena, name ? name : "tmp"), type};
    VEC_PUSH(a->arena, &f->locals, local);
    return f->locals.count - 1;
}

uint32_t ir_data_new(Artifact *a, const char *symbol, IrDataKind kind, uint32_t align, const uint8_t *bytes, uint32_t size)
{
    IrData data = {0};
    data.symbol = arena_strdup(a->arena, symbol);
    data.kind = kind;
    data.align = align ? align : 1;
    uint8_t *copy = arena_alloc(a->arena, size ? size : 1, 1);
    if (size)
        memcpy(copy, bytes, size);
    data.bytes = copy;
    data.size = size;
    VEC_PUSH(a->arena, &a->data, data);
    return a->data.count - 1;
}

static uint64_t bytes_hash(const uint8_t *bytes, uint32_t len)
{
    uint64_t h = hash_index_mix(HASH_INDEX_SEED, len);
    uint32_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, bytes + i, 8);
        h = hash_index_mix(h, w);
    }
    uint64_t tail = 0;
    memcpy(&tail, bytes + i, len - i);
    return hash_index_mix(h, tail);
}

static uint64_t index_hash(uint32_t index)
{
    return hash_index_mix(HASH_INDEX_SEED, index);
}

/* Values are data indexes plus one (a value is never NULL). */
#define AS_VALUE(i) ((void *)(uintptr_t)((i) + 1))
#define AS_INDEX(v) ((uint32_t)((uintptr_t)(v) - 1))

/* Indexes the data items added since the last lookup (by lowering, or
 * directly by the IR reader). */
static void index_new_data(Artifact *a)
{
    for (; a->indexed < a->data.count; a->indexed++) {
        const IrData *d = &a->data.items[a->indexed];
        if (d->kind == IR_DATA_STRING) {
            hash_index_add(&a->string_index, a->arena, bytes_hash(d->bytes, d->size), AS_VALUE(a->indexed));
            a->string_count++;
        } else if (d->kind == IR_DATA_STRING_OBJECT && d->relocs.count == 1 && !d->relocs.items[0].is_function) {
            hash_index_add(&a->string_object_index, a->arena, index_hash(d->relocs.items[0].target),
                           AS_VALUE(a->indexed));
        }
    }
}

typedef struct StringKey {
    const Artifact *a;
    const uint8_t *bytes;
    uint32_t len;
} StringKey;

static bool same_string(const void *value, const void *key)
{
    const StringKey *k = key;
    const IrData *d = &k->a->data.items[AS_INDEX(value)];
    return d->size == k->len && (k->len == 0 || memcmp(d->bytes, k->bytes, k->len) == 0);
}

uint32_t ir_data_string(Artifact *a, const char *bytes, uint32_t len)
{
    index_new_data(a);
    StringKey key = {a, (const uint8_t *)bytes, len};
    void *found = hash_index_find(&a->string_index, bytes_hash(key.bytes, len), same_string, &key);
    if (found)
        return AS_INDEX(found);
    /* numbered in order of first use, so the text form is deterministic */
    char *symbol = arena_printf(a->arena, "_Bstr%u", a->string_count);
    return ir_data_new(a, symbol, IR_DATA_STRING, 1, (const uint8_t *)bytes, len);
}

typedef struct ObjectKey {
    const Artifact *a;
    uint32_t string;
} ObjectKey;

static bool is_object_of(const void *value, const void *key)
{
    const ObjectKey *k = key;
    const IrData *d = &k->a->data.items[AS_INDEX(value)];
    return d->relocs.items[0].target == k->string;
}

uint32_t ir_data_string_object(Artifact *a, const char *bytes, uint32_t len)
{
    uint32_t string = ir_data_string(a, bytes, len);
    index_new_data(a);
    ObjectKey key = {a, string};
    void *found = hash_index_find(&a->string_object_index, index_hash(string), is_object_of, &key);
    if (found)
        return AS_INDEX(found);
    uint8_t header[ABI_STR_BYTES] = {0};
    uint64_t len64 = len;
    memcpy(header + ABI_STR_LEN, &len64, sizeof len64); /* little-endian targets */
    const char *symbol = arena_printf(a->arena, "%so", a->data.items[string].symbol);
    uint32_t index = ir_data_new(a, symbol, IR_DATA_STRING_OBJECT, ABI_WORD, header, sizeof header);
    IrReloc reloc = {.offset = ABI_STR_PTR, .is_function = false, .target = string};
    VEC_PUSH(a->arena, &a->data.items[index].relocs, reloc);
    return index;
}

uint32_t ir_runtime_import(Artifact *a, IrRuntimeFn fn)
{
    for (uint32_t i = 0; i < a->runtime_imports.count; i++)
        if (a->runtime_imports.items[i].fn == fn)
            return i;
    IrRuntimeImport import = {fn};
    VEC_PUSH(a->arena, &a->runtime_imports, import);
    return a->runtime_imports.count - 1;
}

uint32_t irb_emit(IrBuilder *b, IrInst inst)
{
    BSK_ASSERT(b->block < b->func->blocks.count);
    Arena *arena = b->artifact->arena;
    if (inst.arg_count) {
        uint32_t *args = ARENA_ARRAY(arena, uint32_t, inst.arg_count);
        memcpy(args, inst.args, sizeof(uint32_t) * inst.arg_count);
        inst.args = args;
    } else {
        inst.args = NULL;
    }
    inst.loc = b->loc;
    inst.result = IR_NO_VALUE;
    if (inst.type != IR_VOID) {
        inst.result = b->func->value_types.count;
        VEC_PUSH(arena, &b->func->value_types, inst.type);
    }
    IrBlock *block = &b->func->blocks.items[b->block];
    VEC_PUSH(arena, &block->insts, inst);
    return inst.result;
}

uint32_t irb_iconst(IrBuilder *b, IrType type, int64_t value)
{
    return irb_emit(b, (IrInst){.op = IR_OP_ICONST, .type = type, .imm = value});
}

uint32_t irb_fconst(IrBuilder *b, double value)
{
    return irb_emit(b, (IrInst){.op = IR_OP_FCONST, .type = IR_F64, .fimm = value});
}

uint32_t irb_binary(IrBuilder *b, IrOp op, IrType type, uint32_t lhs, uint32_t rhs)
{
    uint32_t args[2] = {lhs, rhs};
    return irb_emit(b, (IrInst){.op = op, .type = type, .args = args, .arg_count = 2});
}

uint32_t irb_unary(IrBuilder *b, IrOp op, IrType type, uint32_t operand)
{
    return irb_emit(b, (IrInst){.op = op, .type = type, .args = &operand, .arg_count = 1});
}

uint32_t irb_cmp(IrBuilder *b, IrOp op, IrCond cond, uint32_t lhs, uint32_t rhs)
{
    uint32_t args[2] = {lhs, rhs};
    return irb_emit(b, (IrInst){.op = op, .type = IR_I8, .cond = cond, .args = args, .arg_count = 2});
}

uint32_t irb_get(IrBuilder *b, uint32_t local)
{
    BSK_ASSERT(local < b->func->locals.count);
    return irb_emit(b, (IrInst){.op = IR_OP_LOCAL_GET, .type = b->func->locals.items[local].type, .target = local});
}

void irb_set(IrBuilder *b, uint32_t local, uint32_t value)
{
    irb_emit(b, (IrInst){.op = IR_OP_LOCAL_SET, .type = IR_VOID, .target = local, .args = &value, .arg_count = 1});
}

uint32_t irb_load(IrBuilder *b, IrType type, uint32_t ptr, int64_t offset)
{
    return irb_emit(b, (IrInst){.op = IR_OP_LOAD, .type = type, .args = &ptr, .arg_count = 1, .imm = offset});
}

uint32_t irb_load_final(IrBuilder *b, IrType type, uint32_t ptr, int64_t offset)
{
    return irb_emit(b, (IrInst){.op = IR_OP_LOAD_FINAL, .type = type, .args = &ptr, .arg_count = 1, .imm = offset});
}

void irb_store(IrBuilder *b, uint32_t ptr, int64_t offset, uint32_t value)
{
    uint32_t args[2] = {ptr, value};
    irb_emit(b, (IrInst){.op = IR_OP_STORE, .type = IR_VOID, .args = args, .arg_count = 2, .imm = offset});
}

uint32_t irb_data_addr(IrBuilder *b, uint32_t data)
{
    return irb_emit(b, (IrInst){.op = IR_OP_DATA_ADDR, .type = IR_PTR, .target = data});
}

uint32_t irb_func_addr(IrBuilder *b, uint32_t func)
{
    return irb_emit(b, (IrInst){.op = IR_OP_FUNC_ADDR, .type = IR_PTR, .target = func});
}

uint32_t irb_call(IrBuilder *b, uint32_t func, const uint32_t *args, uint32_t count)
{
    BSK_ASSERT(func < b->artifact->funcs.count);
    IrType ret = b->artifact->funcs.items[func]->ret;
    return irb_emit(b, (IrInst){.op = IR_OP_CALL, .type = ret, .target = func, .args = (uint32_t *)args, .arg_count = count});
}

uint32_t irb_call_rt(IrBuilder *b, IrRuntimeFn fn, const uint32_t *args, uint32_t count)
{
    uint32_t import = ir_runtime_import(b->artifact, fn);
    return irb_emit(b, (IrInst){.op = IR_OP_CALL_RT, .type = ir_runtime_ret(fn), .target = import,
                                .args = (uint32_t *)args, .arg_count = count});
}

uint32_t irb_call_extern(IrBuilder *b, uint32_t import, const uint32_t *args, uint32_t count)
{
    BSK_ASSERT(import < b->artifact->extern_imports.count);
    IrType ret = b->artifact->extern_imports.items[import].ret;
    return irb_emit(b, (IrInst){.op = IR_OP_CALL_EXTERN, .type = ret, .target = import,
                                .args = (uint32_t *)args, .arg_count = count});
}

uint32_t irb_call_indirect(IrBuilder *b, IrType ret, uint32_t callee, const uint32_t *args, uint32_t count)
{
    uint32_t *all = ARENA_ARRAY(b->artifact->arena, uint32_t, count + 1);
    all[0] = callee;
    if (count)
        memcpy(all + 1, args, sizeof(uint32_t) * count);
    return irb_emit(b, (IrInst){.op = IR_OP_CALL_INDIRECT, .type = ret, .args = all, .arg_count = count + 1});
}

void irb_jmp(IrBuilder *b, uint32_t target)
{
    irb_emit(b, (IrInst){.op = IR_OP_JMP, .type = IR_VOID, .target = target});
}

void irb_br(IrBuilder *b, uint32_t cond, uint32_t then_block, uint32_t else_block)
{
    irb_emit(b, (IrInst){.op = IR_OP_BR, .type = IR_VOID, .args = &cond, .arg_count = 1, .target = then_block,
                         .target2 = else_block});
}

void irb_ret(IrBuilder *b, uint32_t value)
{
    if (value == IR_NO_VALUE)
        irb_emit(b, (IrInst){.op = IR_OP_RET, .type = IR_VOID});
    else
        irb_emit(b, (IrInst){.op = IR_OP_RET, .type = IR_VOID, .args = &value, .arg_count = 1});
}

void irb_unreachable(IrBuilder *b)
{
    irb_emit(b, (IrInst){.op = IR_OP_UNREACHABLE, .type = IR_VOID});
}

bool irb_terminated(const IrBuilder *b)
{
    const IrBlock *block = &b->func->blocks.items[b->block];
    return block->insts.count > 0 && ir_op_is_terminator(VEC_LAST(&block->insts).op);
}

IrType irb_value_type(const IrBuilder *b, uint32_t value)
{
    BSK_ASSERT(value < b->func->value_types.count);
    return b->func->value_types.items[value];
}
