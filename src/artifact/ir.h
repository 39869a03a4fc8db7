/* artifact/ir.h: the lowered artifact (spec/backends.md §2.2) — the one value
 * that both backends consume. Plain C data: no LLVM and no AST types, no
 * pointers into front-end tables. Entities are uint32_t ids into per-function
 * or per-artifact arrays, so the text form (ir_print) is deterministic.
 *
 * A function is a list of basic blocks; block 0 is the entry. Values are SSA:
 * parameters are values 0..param_count-1, then each instruction with a result
 * defines the next value id. Mutable variables are function 'locals' accessed
 * with get/set (codegen turns them into stack slots that LLVM promotes), so
 * lowering never builds phi nodes. Every block ends in exactly one terminator
 * (jmp, br, ret, unreachable) and has no other terminator. The invariants are
 * listed and checked in artifact/ir_verify.h. */
#ifndef BESKID_ARTIFACT_IR_H
#define BESKID_ARTIFACT_IR_H
#include <stdbool.h>
#include <stdint.h>

#include "support/arena.h"
#include "support/hashindex.h"
#include "support/source.h"
#include "support/vec.h"

/* The small enums are one byte each (GCC's packed enums) so that an
 * instruction is 48 bytes, not 72: instructions are most of a large
 * program's artifact. */
typedef enum __attribute__((packed)) IrType {
    IR_VOID, /* no value (unit, never, statements) */
    IR_I8,   /* bool (0/1), u8 */
    IR_I32,  /* i32, char */
    IR_I64,
    IR_F64,
    IR_PTR, /* string, objects, arrays, closures */
} IrType;

typedef enum __attribute__((packed)) IrOp {
#define OP(name, text, operands, result) IR_OP_##name,
#include "artifact/ir_ops.def"
#undef OP
    IR_OP__COUNT
} IrOp;

typedef enum __attribute__((packed)) IrCond {
    IR_COND_EQ,
    IR_COND_NE,
    IR_COND_SLT,
    IR_COND_SLE,
    IR_COND_SGT,
    IR_COND_SGE,
    IR_COND_ULT,
    IR_COND_ULE,
    IR_COND_UGT,
    IR_COND_UGE,
    IR_COND_FLT, /* fcmp: ordered less-than … */
    IR_COND_FLE,
    IR_COND_FGT,
    IR_COND_FGE,
} IrCond;

typedef enum IrRuntimeFn {
#define RT(id, ...) IR_RT_##id,
#include "abi/abi_runtime.def"
#undef RT
    IR_RT__COUNT
} IrRuntimeFn;

#define IR_NO_VALUE UINT32_MAX

typedef struct IrInst {
    IrOp op;
    IrType type;     /* result type (IR_VOID when no result) */
    IrCond cond;     /* ICMP, FCMP */
    uint32_t result; /* value id, or IR_NO_VALUE */
    uint32_t *args;  /* value operands */
    union {
        int64_t imm; /* ICONST value; LOAD/STORE byte offset */
        double fimm; /* FCONST value */
    };
    uint32_t arg_count;
    uint32_t target;  /* block / local / data / function / import index, by op */
    uint32_t target2; /* BR: else block */
    Span loc;         /* source location (SPAN_NONE when synthetic) */
} IrInst;

typedef struct IrBlock {
    VEC(IrInst) insts;
} IrBlock;

typedef struct IrLocal {
    const char *name; /* source name for the text form; may repeat */
    IrType type;
} IrLocal;

typedef enum IrFuncKind {
    IR_FUNC_FUNCTION,
    IR_FUNC_METHOD,
    IR_FUNC_TEST,
    IR_FUNC_LAMBDA,
    IR_FUNC_INSTANCE, /* generic instantiation */
} IrFuncKind;

typedef struct IrFunc {
    const char *symbol;         /* mangled, linker-safe (backends.md §2.6) */
    const char *source_name;    /* main */
    const char *qualified_name; /* mod::inner::main, Type::Method */
    IrFuncKind kind;
    bool is_public;
    bool is_noreturn; /* returns `never` */
    IrType ret;
    IrType *params;
    uint32_t param_count;
    VEC(IrLocal) locals;
    VEC(IrBlock) blocks;
    VEC(IrType) value_types; /* indexed by value id */
    Span span;
    uint32_t index; /* its place in Artifact.funcs (set by ir_func_new) */
} IrFunc;

typedef struct IrReloc {
    uint32_t offset; /* byte offset in the data blob where an 8-byte address goes */
    bool is_function; /* target is a function (else a data symbol) */
    uint32_t target;
} IrReloc;

/* IR_DATA_STRING_OBJECT: a constant string (BeskidStr: ABI_STR_BYTES, word
 * aligned) whose one relocation, at ABI_STR_PTR, names the IR_DATA_STRING
 * holding its bytes and whose ABI_STR_LEN word is their count. A string
 * literal is the address of one: no allocation, no check at run time. It is
 * read-only data outside the collected heap, never freed or moved. */
typedef enum IrDataKind {
    IR_DATA_STRING,
    IR_DATA_DESCRIPTOR,
    IR_DATA_OFFSETS,
    IR_DATA_OTHER,
    IR_DATA_STRING_OBJECT,
} IrDataKind;

typedef struct IrData {
    const char *symbol;
    IrDataKind kind;
    uint32_t align;
    const uint8_t *bytes;
    uint32_t size;
    VEC(IrReloc) relocs;
} IrData;

typedef struct IrRuntimeImport {
    IrRuntimeFn fn;
} IrRuntimeImport;

typedef struct IrExternImport {
    const char *symbol;  /* verbatim foreign name */
    const char *abi;     /* "C" */
    const char *library; /* e.g. libc.so.6 */
    const char *contract;
    IrType ret;
    IrType *params;
    uint32_t param_count;
} IrExternImport;

/* How the JIT calls and prints an entry's result (backends.md §3.4). */
typedef enum IrResultKind {
    IR_RESULT_UNIT,
    IR_RESULT_NEVER,
    IR_RESULT_I64,
    IR_RESULT_I32,
    IR_RESULT_U8,
    IR_RESULT_BOOL,
    IR_RESULT_F64,
    IR_RESULT_CHAR,
    IR_RESULT_STRING,
    IR_RESULT_POINTER, /* struct, enum, contract, function, array: printed as 0x… */
} IrResultKind;

typedef struct IrEntry {
    const char *source_name;
    const char *qualified_name;
    IrFuncKind kind; /* FUNCTION or TEST */
    uint32_t func;   /* function index */
    uint32_t param_count;
    bool is_generic; /* no code (never instantiated); E5004 */
    IrResultKind result;
    /* The class of each parameter (param_count of them; NULL when unknown,
     * e.g. an artifact read from text without `args=`): what a C wrapper of
     * an exported function converts (backends.md §4.6, `--emit-header`). */
    const IrResultKind *args;
    /* tests (backends.md §6.5) */
    const char **tags;
    uint32_t tag_count;
    const char *group;
    bool skip;
    const char *skip_reason;
    bool is_dependency; /* a test of `Std` or a dependency: `beskid test` does not run it (§0a item 3) */
} IrEntry;

typedef struct Artifact {
    Arena *arena;
    VEC(IrFunc *) funcs;
    VEC(IrData) data;
    VEC(IrRuntimeImport) runtime_imports;
    VEC(IrExternImport) extern_imports;
    VEC(IrEntry) entries;
    uint32_t pointer_size; /* 8: v1 targets are 64-bit little-endian */
    /* The files the instructions' 'loc' spans index, for the locations
     * codegen writes (panic locations, DWARF); NULL when there are none (an
     * artifact read from text). Not part of the text form. */
    const SourceMap *sources;
    /* The string literals (IR_DATA_STRING) by their bytes and the string
     * objects by their literal, for ir_data_string(_object); data items
     * from 'indexed' on are added at the next lookup. */
    HashIndex string_index;
    HashIndex string_object_index;
    uint32_t indexed;
    uint32_t string_count;
} Artifact;

/* ---- facts about ops and types (artifact/ir.c) ---- */
const char *ir_op_name(IrOp op);
int ir_op_operand_count(IrOp op); /* -1: variable */
bool ir_op_is_terminator(IrOp op);
const char *ir_type_name(IrType type);
const char *ir_cond_name(IrCond cond);
const char *ir_runtime_symbol(IrRuntimeFn fn);
IrType ir_runtime_ret(IrRuntimeFn fn);
bool ir_runtime_noreturn(IrRuntimeFn fn);
uint32_t ir_runtime_param_count(IrRuntimeFn fn);
IrType ir_runtime_param(IrRuntimeFn fn, uint32_t index);

/* ---- building (artifact/ir_build.c) ---- */
Artifact *ir_artifact_new(Arena *arena);
IrFunc *ir_func_new(Artifact *a, const char *symbol, IrType ret, const IrType *params, uint32_t param_count);
uint32_t ir_func_index(const Artifact *a, const IrFunc *f);
/* One past the largest value id 'f' defines (its parameters and the results
 * of its instructions). */
uint32_t ir_func_value_bound(const IrFunc *f);
uint32_t ir_block_new(Artifact *a, IrFunc *f);
uint32_t ir_local_new(Artifact *a, IrFunc *f, const char *name, IrType type);
/* Interned string literal bytes (deduplicated by content). Returns a data index. */
uint32_t ir_data_string(Artifact *a, const char *bytes, uint32_t len);
/* The constant string object (IR_DATA_STRING_OBJECT) over the interned
 * literal 'bytes', made once per content. Returns a data index. */
uint32_t ir_data_string_object(Artifact *a, const char *bytes, uint32_t len);
uint32_t ir_data_new(Artifact *a, const char *symbol, IrDataKind kind, uint32_t align, const uint8_t *bytes, uint32_t size);
/* Index of 'fn' in runtime_imports, adding it on first use. */
uint32_t ir_runtime_import(Artifact *a, IrRuntimeFn fn);

/* An instruction cursor: appends to 'block' of 'func', stamping 'loc'. */
typedef struct IrBuilder {
    Artifact *artifact;
    IrFunc *func;
    uint32_t block;
    Span loc;
} IrBuilder;

/* Appends 'inst' (whose args are copied) and assigns its result id when
 * inst.type != IR_VOID. Returns the result id or IR_NO_VALUE. */
uint32_t irb_emit(IrBuilder *b, IrInst inst);
uint32_t irb_iconst(IrBuilder *b, IrType type, int64_t value);
uint32_t irb_fconst(IrBuilder *b, double value);
uint32_t irb_binary(IrBuilder *b, IrOp op, IrType type, uint32_t lhs, uint32_t rhs);
uint32_t irb_unary(IrBuilder *b, IrOp op, IrType type, uint32_t operand);
uint32_t irb_cmp(IrBuilder *b, IrOp op, IrCond cond, uint32_t lhs, uint32_t rhs);
uint32_t irb_get(IrBuilder *b, uint32_t local);
void irb_set(IrBuilder *b, uint32_t local, uint32_t value);
uint32_t irb_load(IrBuilder *b, IrType type, uint32_t ptr, int64_t offset);
/* A load from a slot that never changes once its object is made (a field
 * nothing assigns after the struct literal): codegen marks it invariant. */
uint32_t irb_load_final(IrBuilder *b, IrType type, uint32_t ptr, int64_t offset);
void irb_store(IrBuilder *b, uint32_t ptr, int64_t offset, uint32_t value);
uint32_t irb_data_addr(IrBuilder *b, uint32_t data);
uint32_t irb_func_addr(IrBuilder *b, uint32_t func);
uint32_t irb_call(IrBuilder *b, uint32_t func, const uint32_t *args, uint32_t count);
uint32_t irb_call_rt(IrBuilder *b, IrRuntimeFn fn, const uint32_t *args, uint32_t count);
uint32_t irb_call_extern(IrBuilder *b, uint32_t import, const uint32_t *args, uint32_t count);
uint32_t irb_call_indirect(IrBuilder *b, IrType ret, uint32_t callee, const uint32_t *args, uint32_t count);
void irb_jmp(IrBuilder *b, uint32_t target);
void irb_br(IrBuilder *b, uint32_t cond, uint32_t then_block, uint32_t else_block);
void irb_ret(IrBuilder *b, uint32_t value); /* IR_NO_VALUE for a void return */
void irb_unreachable(IrBuilder *b);
/* True when the current block already ends in a terminator. */
bool irb_terminated(const IrBuilder *b);
IrType irb_value_type(const IrBuilder *b, uint32_t value);
#endif
