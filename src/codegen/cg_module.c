/* codegen/cg_module.c: the module level of the artifact → LLVM translation:
 * function, runtime and extern declarations, constant data with relocations,
 * the C `main` entry shim of executables, and module verification. Function
 * bodies are translated by cg_func.c; targets and passes live in cg_target.c. */
#include "codegen/codegen.h"

#include <llvm-c/Analysis.h>
#include <llvm-c/Target.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_budget.h"
#include "codegen/cg_internal.h"
#include "support/check.h"

LLVMTypeRef cg_type(Codegen *cg, IrType type)
{
    switch (type) {
    case IR_VOID: return LLVMVoidTypeInContext(cg->ctx);
    case IR_I8: return LLVMInt8TypeInContext(cg->ctx);
    case IR_I32: return LLVMInt32TypeInContext(cg->ctx);
    case IR_I64: return LLVMInt64TypeInContext(cg->ctx);
    case IR_F64: return LLVMDoubleTypeInContext(cg->ctx);
    case IR_PTR: return LLVMPointerTypeInContext(cg->ctx, 0);
    }
    BSK_UNREACHABLE();
}

static void add_enum_attr(Codegen *cg, LLVMValueRef fn, LLVMAttributeIndex index, const char *name)
{
    unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
    BSK_ASSERT(kind != 0);
    LLVMAddAttributeAtIndex(fn, index, LLVMCreateEnumAttribute(cg->ctx, kind, 0));
}

/* C callers and callees widen 8-bit integers (bool, u8) with zero extension,
 * as clang marks `unsigned char`/`_Bool` (backends.md §0a item 11). */
static void add_c_abi_attrs(Codegen *cg, LLVMValueRef fn, IrType ret, const IrType *params, uint32_t count)
{
    if (ret == IR_I8)
        add_enum_attr(cg, fn, LLVMAttributeReturnIndex, "zeroext");
    for (uint32_t i = 0; i < count; i++)
        if (params[i] == IR_I8)
            add_enum_attr(cg, fn, i + 1, "zeroext");
}

static LLVMTypeRef func_type(Codegen *cg, IrType ret, const IrType *params, uint32_t count)
{
    LLVMTypeRef types[count ? count : 1];
    for (uint32_t i = 0; i < count; i++)
        types[i] = cg_type(cg, params[i]);
    return LLVMFunctionType(cg_type(cg, ret), types, count, false);
}

/* An object allocator as LLVM knows malloc: a block of at least 'size'
 * (argument 0) zeroed bytes, so an object nothing reads is removed and loads
 * from a fresh object fold. Word 0 really holds the descriptor, which
 * lowering stores again right after the call (lower/layout.c), so the
 * optimiser's view of the block is exact; a block allocated with no
 * descriptor (contract values, §4.1 cells) is zero there until its first
 * store, as declared. */
static void add_allocator_attrs(Codegen *cg, LLVMValueRef fn)
{
    enum { ALLOC_KIND_ALLOC = 1 << 0, ALLOC_KIND_ZEROED = 1 << 4 };
    unsigned kind = LLVMGetEnumAttributeKindForName("allockind", 9);
    BSK_ASSERT(kind != 0);
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(cg->ctx, kind, ALLOC_KIND_ALLOC | ALLOC_KIND_ZEROED));
    unsigned size_kind = LLVMGetEnumAttributeKindForName("allocsize", 9);
    BSK_ASSERT(size_kind != 0);
    /* allocsize(0): the element-size argument in the high half, no count (all ones) in the low */
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(cg->ctx, size_kind, ((uint64_t)0 << 32) | 0xFFFFFFFFu));
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                            LLVMCreateStringAttribute(cg->ctx, "alloc-family", 12, "beskid_gc", 9));
}

/* LLVM's `memory` attribute: two bits (read 1, write 2) for each of
 * argument memory, memory the module cannot access (the runtime's own state,
 * the collector's, I/O) and all other memory. */
enum { MEM_ARG_SHIFT = 0, MEM_INACCESSIBLE_SHIFT = 2, MEM_OTHER_SHIFT = 4 };
enum { MEM_READ = 1, MEM_READWRITE = 3 };

/* What runtime function 'fn' does to memory the program can see, where that
 * is less than everything (no attribute: it may read and write anything).
 * Lets the optimiser keep a loaded value across a call in a loop (a map
 * probe that compares strings) and drop calls whose result goes unused.
 * Whatever panics writes only inaccessible memory on the way (the message
 * on stderr, then exit); allocation and collection touch only the
 * collector's state until the fresh object is returned; the collector never
 * moves or changes a reachable object. Returns false for "anything". */
static bool runtime_memory_effects(IrRuntimeFn fn, uint64_t *effects, bool *will_return)
{
    const uint64_t inaccessible = (uint64_t)MEM_READWRITE << MEM_INACCESSIBLE_SHIFT;
    *will_return = false;
    switch (fn) {
    /* pure functions of their arguments' values */
    case IR_RT_HASH_I64:
    case IR_RT_HASH_F64:
    case IR_RT_HASH_PTR: *effects = 0; *will_return = true; return true;
    /* read strings and arrays, may panic */
    case IR_RT_STR_LEN:
    case IR_RT_STR_EQ:
    case IR_RT_STR_FIND:
    case IR_RT_STR_FIND_LAST:
    case IR_RT_STR_COMPARE:
    case IR_RT_BYTES_COMPARE:
    case IR_RT_BYTES_UTF8_VALID:
    case IR_RT_HASH_STR:
    /* read, and return a fresh object */
    case IR_RT_STR_NEW:
    case IR_RT_STR_CONCAT:
    case IR_RT_STR_SLICE:
    case IR_RT_STR_JOIN:
    case IR_RT_STR_SPLIT:
    case IR_RT_STR_CSTR:
    case IR_RT_STR_TO_BYTES:
    case IR_RT_STR_FROM_CSTR:
    case IR_RT_STR_FROM_BYTES_UTF8:
    case IR_RT_STR_FROM_I64:
    case IR_RT_STR_FROM_U64:
    case IR_RT_STR_FROM_BOOL:
    case IR_RT_STR_FROM_CHAR:
    case IR_RT_STR_FROM_F64:
        *effects = (uint64_t)MEM_READ << MEM_ARG_SHIFT | inaccessible | (uint64_t)MEM_READ << MEM_OTHER_SHIFT;
        return true;
    /* keeps a dead buffer for later (its capacity read) */
    case IR_RT_STR_RELEASE: *effects = (uint64_t)MEM_READ << MEM_ARG_SHIFT | inaccessible; return true;
    /* return a fresh object, read nothing of the program's */
    case IR_RT_ALLOC:
    case IR_RT_ALLOC_SCANNED:
    case IR_RT_ALLOC_ATOMIC:
    case IR_RT_STR_ALLOC:
    case IR_RT_ARRAY_NEW:
    case IR_RT_RT_ARRAY_NEW: *effects = inaccessible; return true;
    /* write the text of a value at the pointer they are given */
    case IR_RT_STR_PUT_I64:
    case IR_RT_STR_PUT_U64:
    case IR_RT_STR_PUT_BOOL:
    case IR_RT_STR_PUT_CHAR: *effects = (uint64_t)MEM_READWRITE << MEM_ARG_SHIFT; *will_return = true; return true;
    case IR_RT_STR_PUT_STR: /* ... of a string it reads */
        *effects = (uint64_t)MEM_READWRITE << MEM_ARG_SHIFT | inaccessible | (uint64_t)MEM_READ << MEM_OTHER_SHIFT;
        return true;
    default: return false;
    }
}

static void add_memory_attrs(Codegen *cg, LLVMValueRef decl, IrRuntimeFn fn)
{
    uint64_t effects;
    bool will_return;
    if (!runtime_memory_effects(fn, &effects, &will_return))
        return;
    unsigned kind = LLVMGetEnumAttributeKindForName("memory", 6);
    BSK_ASSERT(kind != 0);
    LLVMAddAttributeAtIndex(decl, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(cg->ctx, kind, effects));
    if (will_return)
        add_enum_attr(cg, decl, LLVMAttributeFunctionIndex, "willreturn");
}

LLVMValueRef cg_runtime_func(Codegen *cg, IrRuntimeFn fn, LLVMTypeRef *type_out)
{
    if (!cg->rt_funcs[fn]) {
        uint32_t count = ir_runtime_param_count(fn);
        IrType params[count ? count : 1];
        for (uint32_t i = 0; i < count; i++)
            params[i] = ir_runtime_param(fn, i);
        LLVMTypeRef type = func_type(cg, ir_runtime_ret(fn), params, count);
        const char *symbol = ir_runtime_symbol(fn);
        LLVMValueRef decl = LLVMGetNamedFunction(cg->module, symbol);
        if (!decl) {
            decl = LLVMAddFunction(cg->module, symbol, type);
            add_c_abi_attrs(cg, decl, ir_runtime_ret(fn), params, count);
            add_enum_attr(cg, decl, LLVMAttributeFunctionIndex, "nounwind");
            if (ir_runtime_noreturn(fn)) {
                /* Panics: never return, and the paths to them are cold. */
                add_enum_attr(cg, decl, LLVMAttributeFunctionIndex, "noreturn");
                add_enum_attr(cg, decl, LLVMAttributeFunctionIndex, "cold");
            }
            if (fn == IR_RT_ALLOC || fn == IR_RT_ALLOC_SCANNED || fn == IR_RT_ALLOC_ATOMIC || fn == IR_RT_STR_ALLOC) {
                /* Every allocation returns a fresh collected block or panics
                 * (out of memory). */
                add_enum_attr(cg, decl, LLVMAttributeReturnIndex, "noalias");
                add_enum_attr(cg, decl, LLVMAttributeReturnIndex, "nonnull");
            }
            if (fn == IR_RT_ALLOC || fn == IR_RT_ALLOC_SCANNED || fn == IR_RT_ALLOC_ATOMIC)
                add_allocator_attrs(cg, decl);
            add_memory_attrs(cg, decl, fn);
        }
        cg->rt_funcs[fn] = decl;
        cg->rt_types[fn] = type;
    }
    if (type_out)
        *type_out = cg->rt_types[fn];
    return cg->rt_funcs[fn];
}

/* A symbol defined twice (a mangling collision, or a runtime name) would make
 * LLVM rename it silently; report it instead (E4002). */
static bool check_fresh_symbol(Codegen *cg, const char *symbol)
{
    if (LLVMGetNamedFunction(cg->module, symbol) || LLVMGetNamedGlobal(cg->module, symbol)) {
        diag_report(cg->diags, SPAN_NONE, DIAG_E4002_OBJECT_MODULE,
                    arena_printf(cg->artifact->arena, "duplicate symbol `%s`", symbol));
        return false;
    }
    return true;
}

/* An executable's object is the whole program: only the entry shim and the
 * entry are reached from outside (no C exports), so every other function
 * is internal, as under `run` (the optimiser may inline a public function
 * called once and delete what it no longer calls). */
static bool exe_whole_program(const CgOptions *o)
{
    return o->exe_entry_func != UINT32_MAX && o->local_private_symbols && !o->c_exports;
}

/* Under `run` and in an executable every function but the entry (or the
 * tests) is internal, so what nothing reaches from those would only be
 * deleted by the optimiser after being built: each function's 'unused'
 * flag, 1 unless the entry, a kept test or the data (descriptors, vtables:
 * all of it, conservatively) reaches it by calls and function addresses.
 * Most of Std is never built. */
static void mark_unused(Codegen *cg)
{
    const Artifact *a = cg->artifact;
    const CgOptions *o = cg->options;
    uint32_t nf = a->funcs.count;
    cg->unused = ARENA_ARRAY(a->arena, uint8_t, nf + 1);
    bool jit = o->jit_internalize && o->exe_entry_func == UINT32_MAX && !o->c_exports;
    bool prune = jit || exe_whole_program(o);
    uint32_t *work = ARENA_ARRAY(a->arena, uint32_t, nf + 1);
    uint32_t count = 0;
    for (uint32_t i = 0; i < nf; i++) {
        bool root = !prune || (jit && i == o->jit_entry_func) || i == o->exe_entry_func ||
                    (o->jit_keep_tests && a->funcs.items[i]->kind == IR_FUNC_TEST);
        cg->unused[i] = !root;
        if (root)
            work[count++] = i;
    }
    for (uint32_t d = 0; d < a->data.count; d++)
        for (uint32_t r = 0; r < a->data.items[d].relocs.count; r++) {
            const IrReloc *rel = &a->data.items[d].relocs.items[r];
            if (rel->is_function && rel->target < nf && cg->unused[rel->target]) {
                cg->unused[rel->target] = 0;
                work[count++] = rel->target;
            }
        }
    while (count > 0) {
        const IrFunc *f = a->funcs.items[work[--count]];
        for (uint32_t b = 0; b < f->blocks.count; b++)
            for (uint32_t k = 0; k < f->blocks.items[b].insts.count; k++) {
                const IrInst *inst = &f->blocks.items[b].insts.items[k];
                if ((inst->op == IR_OP_CALL || inst->op == IR_OP_FUNC_ADDR) && inst->target < nf &&
                    cg->unused[inst->target]) {
                    cg->unused[inst->target] = 0;
                    work[count++] = inst->target;
                }
            }
    }
}

static bool declare_funcs(Codegen *cg)
{
    const Artifact *a = cg->artifact;
    uint8_t *budget = cg_budget(a);
    for (uint32_t i = 0; i < a->funcs.count; i++) {
        const IrFunc *f = a->funcs.items[i];
        if (!check_fresh_symbol(cg, f->symbol)) {
            free(budget);
            return false;
        }
        cg->func_types[i] = func_type(cg, f->ret, f->params, f->param_count);
        cg->funcs[i] = LLVMAddFunction(cg->module, f->symbol, cg->func_types[i]);
        add_enum_attr(cg, cg->funcs[i], LLVMAttributeFunctionIndex, "nounwind");
        /* Unwind tables (as gcc and clang emit by default on x86-64): the
         * panic backtrace (BESKID_BACKTRACE), gdb and perf walk the stack
         * through them. Table space only; no instruction changes. */
        {
            unsigned uwtable = LLVMGetEnumAttributeKindForName("uwtable", 7);
            LLVMAddAttributeAtIndex(cg->funcs[i], LLVMAttributeFunctionIndex,
                                    LLVMCreateEnumAttribute(cg->ctx, uwtable, 2 /* async */));
        }
        /* Not `cold`: a `never` function may be a program's main loop. */
        if (f->is_noreturn)
            add_enum_attr(cg, cg->funcs[i], LLVMAttributeFunctionIndex, "noreturn");
        bool is_entry = i == cg->options->exe_entry_func;
        /* an unused function stays an (unreferenced) external declaration */
        bool internal = cg->options->local_private_symbols && !f->is_public;
        if ((internal || exe_whole_program(cg->options)) && !is_entry && !cg->unused[i])
            LLVMSetLinkage(cg->funcs[i], LLVMInternalLinkage);
        bool is_visible_test = cg->options->jit_keep_tests && f->kind == IR_FUNC_TEST;
        if (cg->options->jit_internalize && i != cg->options->jit_entry_func && !is_visible_test && !cg->unused[i])
            LLVMSetLinkage(cg->funcs[i], LLVMInternalLinkage);
        if (budget[i] & CG_BUDGET_NOINLINE) /* cg_budget.c */
            add_enum_attr(cg, cg->funcs[i], LLVMAttributeFunctionIndex, "noinline");
        if (budget[i] & CG_BUDGET_OPTNONE)
            add_enum_attr(cg, cg->funcs[i], LLVMAttributeFunctionIndex, "optnone");
    }
    free(budget);
    for (uint32_t i = 0; i < a->runtime_imports.count; i++)
        cg_runtime_func(cg, a->runtime_imports.items[i].fn, NULL);
    for (uint32_t i = 0; i < a->extern_imports.count; i++) {
        const IrExternImport *ext = &a->extern_imports.items[i];
        cg->extern_types[i] = func_type(cg, ext->ret, ext->params, ext->param_count);
        LLVMValueRef decl = LLVMGetNamedFunction(cg->module, ext->symbol);
        if (!decl) {
            decl = LLVMAddFunction(cg->module, ext->symbol, cg->extern_types[i]);
            add_c_abi_attrs(cg, decl, ext->ret, ext->params, ext->param_count);
        }
        cg->externs[i] = decl;
    }
    return true;
}

/* Data blobs become private constants. A blob with relocations is a packed
 * struct of byte runs and pointers, so addresses are filled by the linker. */
static bool define_data(Codegen *cg)
{
    const Artifact *a = cg->artifact;
    for (uint32_t i = 0; i < a->data.count; i++) {
        const IrData *d = &a->data.items[i];
        if (!check_fresh_symbol(cg, d->symbol))
            return false;
        LLVMValueRef init;
        if (d->relocs.count == 0) {
            init = LLVMConstStringInContext2(cg->ctx, (const char *)d->bytes, d->size, true);
        } else {
            uint32_t cap = d->relocs.count * 2 + 1;
            LLVMValueRef fields[cap];
            uint32_t count = 0, at = 0;
            for (uint32_t r = 0; r < d->relocs.count; r++) {
                const IrReloc *rel = &d->relocs.items[r];
                BSK_ASSERT(rel->offset >= at && rel->offset + 8 <= d->size);
                if (rel->offset > at)
                    fields[count++] = LLVMConstStringInContext2(cg->ctx, (const char *)d->bytes + at,
                                                                rel->offset - at, true);
                if (rel->is_function) {
                    BSK_ASSERT(rel->target < a->funcs.count);
                    fields[count++] = cg->funcs[rel->target];
                } else {
                    BSK_ASSERT(rel->target < a->data.count);
                    fields[count++] = cg->data[rel->target];
                }
                at = rel->offset + 8;
            }
            if (at < d->size)
                fields[count++] = LLVMConstStringInContext2(cg->ctx, (const char *)d->bytes + at, d->size - at, true);
            init = LLVMConstStructInContext(cg->ctx, fields, count, true);
        }
        LLVMValueRef global = cg->data[i];
        /* The global was created with a placeholder type; recreate it with
         * the initializer's type and redirect earlier references. */
        LLVMValueRef real = LLVMAddGlobal(cg->module, LLVMTypeOf(init), "");
        LLVMReplaceAllUsesWith(global, real);
        LLVMDeleteGlobal(global);
        LLVMSetValueName2(real, d->symbol, strlen(d->symbol));
        cg->data[i] = real;
        LLVMSetInitializer(real, init);
        LLVMSetGlobalConstant(real, true);
        LLVMSetLinkage(real, LLVMPrivateLinkage);
        /* Bytes and tables may be merged with equal ones; descriptors and
         * objects (enum singletons, static closures, vtables) are compared
         * by address, so they keep theirs: an `unnamed_addr` global may
         * share its address with another, and LLVM then cannot fold a
         * variant test (`select(c, @a, @b) == @a`) to `c`. */
        bool identity = d->kind == IR_DATA_DESCRIPTOR || d->kind == IR_DATA_OTHER;
        if (!identity)
            LLVMSetUnnamedAddress(real, LLVMGlobalUnnamedAddr);
        LLVMSetAlignment(real, d->align ? d->align : 1);
    }
    return true;
}

/* The C `main` of an executable (backends.md §4.3): init the runtime, run
 * the entry on the program's main stack (beskid_rt_run_main, §0a item 15)
 * through a private body that stores the exit status, shut down, return it. */
static bool emit_entry_shim(Codegen *cg)
{
    uint32_t entry = cg->options->exe_entry_func;
    BSK_ASSERT(entry < cg->artifact->funcs.count);
    if (!check_fresh_symbol(cg, "main"))
        return false;
    LLVMTypeRef i32 = LLVMInt32TypeInContext(cg->ctx);
    LLVMTypeRef ptr = LLVMPointerTypeInContext(cg->ctx, 0);
    LLVMTypeRef body_params[1] = {ptr};
    /* Named after the entry (`_B4mainF_r3i32.entry`): when the entry is
     * inlined into it, a backtrace still names the frame by the entry's
     * Beskid name ('.' never occurs in a mangled name, so nothing collides). */
    const char *body_name = arena_printf(cg->artifact->arena, "%s.entry", cg->artifact->funcs.items[entry]->symbol);
    LLVMValueRef body =
        LLVMAddFunction(cg->module, body_name, LLVMFunctionType(LLVMVoidTypeInContext(cg->ctx), body_params, 1, false));
    LLVMSetLinkage(body, LLVMInternalLinkage);
    LLVMPositionBuilderAtEnd(cg->builder, LLVMAppendBasicBlockInContext(cg->ctx, body, "entry"));
    const IrFunc *f = cg->artifact->funcs.items[entry];
    LLVMValueRef result = LLVMBuildCall2(cg->builder, cg->func_types[entry], cg->funcs[entry], NULL, 0, "");
    LLVMValueRef status = LLVMConstInt(i32, 0, false);
    bool is_int = f->ret == IR_I8 || f->ret == IR_I32 || f->ret == IR_I64;
    switch (cg->options->exe_entry_result) {
    case IR_RESULT_I32:
    case IR_RESULT_I64:
    case IR_RESULT_U8:
        /* i64 truncates (the OS keeps the low 8 bits); u8 is unsigned. */
        if (f->ret == IR_I8)
            status = LLVMBuildZExt(cg->builder, result, i32, "");
        else if (is_int)
            status = LLVMBuildTruncOrBitCast(cg->builder, result, i32, "");
        break;
    case IR_RESULT_BOOL:
        if (is_int) {
            LLVMValueRef zero = LLVMConstInt(cg_type(cg, f->ret), 0, false);
            status = LLVMBuildZExt(cg->builder, LLVMBuildICmp(cg->builder, LLVMIntNE, result, zero, ""), i32, "");
        }
        break;
    default:
        break;
    }
    LLVMBuildStore(cg->builder, status, LLVMGetParam(body, 0));
    LLVMBuildRetVoid(cg->builder);

    LLVMTypeRef params[2] = {i32, ptr};
    LLVMValueRef shim = LLVMAddFunction(cg->module, "main", LLVMFunctionType(i32, params, 2, false));
    LLVMPositionBuilderAtEnd(cg->builder, LLVMAppendBasicBlockInContext(cg->ctx, shim, "entry"));
    LLVMValueRef slot = LLVMBuildAlloca(cg->builder, i32, "status");
    LLVMBuildStore(cg->builder, LLVMConstInt(i32, 0, false), slot);
    LLVMTypeRef type;
    LLVMValueRef fn = cg_runtime_func(cg, IR_RT_RT_INIT, &type);
    LLVMBuildCall2(cg->builder, type, fn, NULL, 0, "");
    fn = cg_runtime_func(cg, IR_RT_RT_RUN_MAIN, &type);
    LLVMValueRef args[2] = {body, slot};
    LLVMBuildCall2(cg->builder, type, fn, args, 2, "");
    fn = cg_runtime_func(cg, IR_RT_RT_SHUTDOWN, &type);
    LLVMBuildCall2(cg->builder, type, fn, NULL, 0, "");
    LLVMBuildRet(cg->builder, LLVMBuildLoad2(cg->builder, i32, slot, ""));
    return true;
}

static void set_target(Codegen *cg)
{
    LLVMTargetMachineRef tm = cg->options->target_machine;
    if (!tm)
        return;
    char *triple = LLVMGetTargetMachineTriple(tm);
    LLVMSetTarget(cg->module, triple);
    LLVMDisposeMessage(triple);
    LLVMTargetDataRef layout = LLVMCreateTargetDataLayout(tm);
    LLVMSetModuleDataLayout(cg->module, layout);
    LLVMDisposeTargetData(layout);
}

LLVMModuleRef cg_build_module(LLVMContextRef ctx, const Artifact *a, const CgOptions *options, DiagList *diags)
{
    Codegen cg = {.ctx = ctx, .artifact = a, .options = options, .diags = diags};
    cg.module = LLVMModuleCreateWithNameInContext("beskid", ctx);
    cg.builder = LLVMCreateBuilderInContext(ctx);
    set_target(&cg);
    uint32_t nf = a->funcs.count, nd = a->data.count, ne = a->extern_imports.count;
    cg.funcs = ARENA_ARRAY(a->arena, LLVMValueRef, nf + 1);
    cg.func_types = ARENA_ARRAY(a->arena, LLVMTypeRef, nf + 1);
    cg.data = ARENA_ARRAY(a->arena, LLVMValueRef, nd + 1);
    cg.externs = ARENA_ARRAY(a->arena, LLVMValueRef, ne + 1);
    cg.extern_types = ARENA_ARRAY(a->arena, LLVMTypeRef, ne + 1);
    /* Here, not on first use: cg_define_func releases what it allocates. */
    if (a->sources)
        cg.file_names = ARENA_ARRAY(a->arena, LLVMValueRef, a->sources->count + 1);
    mark_unused(&cg);
    bool ok = declare_funcs(&cg);
    if (ok)
        cg_declare_twins(&cg); /* cg_twin.c */
    /* Placeholders first, so relocations may point at any data item. */
    for (uint32_t i = 0; ok && i < nd; i++)
        cg.data[i] = LLVMAddGlobal(cg.module, LLVMInt8TypeInContext(ctx), "");
    ok = ok && define_data(&cg);
    if (ok)
        cg_debug_begin(&cg);
    for (uint32_t i = 0; ok && i < nf; i++)
        if (!cg.unused[i])
            cg_define_func(&cg, i);
    cg_debug_end(&cg);
    if (ok && options->exe_entry_func != UINT32_MAX)
        ok = emit_entry_shim(&cg);
    if (ok && options->c_exports)
        ok = cg_emit_c_exports(&cg); /* cg_export.c */
    LLVMDisposeBuilder(cg.builder);
    if (ok) {
        char *message = NULL;
        if (LLVMVerifyModule(cg.module, LLVMReturnStatusAction, &message)) {
            const char *text = arena_strdup(a->arena, message ? message : "unknown error");
            diag_report(diags, SPAN_NONE, DIAG_E2011_IR_VERIFICATION, "<module>", text);
            ok = false;
        }
        LLVMDisposeMessage(message);
    }
    if (!ok) {
        LLVMDisposeModule(cg.module);
        return NULL;
    }
    return cg.module;
}
