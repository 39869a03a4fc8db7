/* codegen/cg_inline.c: LLVM bodies of trivial runtime functions, so the
 * optimiser inlines them (a literal's length and bytes then fold to
 * constants). Each body is an internal `alwaysinline` function that does the
 * common case and hands anything unusual (a null handle) to the runtime's own
 * function, which panics as before; the runtime keeps every entry of
 * abi/abi_runtime.def, so the ABI does not change. */
#include <llvm-c/Core.h>
#include <stdio.h>
#include <string.h>

#include "abi/abi_layout.h"
#include "codegen/cg_internal.h"
#include "support/check.h"

static void add_fn_attr(Codegen *cg, LLVMValueRef fn, const char *name)
{
    unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
    BSK_ASSERT(kind != 0);
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(cg->ctx, kind, 0));
}

/* In 'fn' (built by 'b'): branches to a block that tail-calls the runtime's
 * 'rt' with fn's own arguments when the string 's' is null, and leaves 'b'
 * in the block of the usual case. */
static void null_to_runtime(Codegen *cg, LLVMBuilderRef b, LLVMValueRef fn, IrRuntimeFn rt, LLVMValueRef s)
{
    LLVMBasicBlockRef slow = LLVMAppendBasicBlockInContext(cg->ctx, fn, "null");
    LLVMBasicBlockRef fast = LLVMAppendBasicBlockInContext(cg->ctx, fn, "ok");
    LLVMValueRef is_null = LLVMBuildIsNull(b, s, "");
    LLVMBuildCondBr(b, is_null, slow, fast);
    LLVMPositionBuilderAtEnd(b, slow);
    LLVMTypeRef type;
    LLVMValueRef callee = cg_runtime_func(cg, rt, &type);
    unsigned count = LLVMCountParams(fn);
    LLVMValueRef args[count ? count : 1];
    for (unsigned i = 0; i < count; i++)
        args[i] = LLVMGetParam(fn, i);
    LLVMBuildRet(b, LLVMBuildCall2(b, type, callee, args, count, ""));
    LLVMPositionBuilderAtEnd(b, fast);
}

static LLVMValueRef string_len(Codegen *cg, LLVMBuilderRef b, LLVMValueRef s)
{
    LLVMTypeRef i8 = LLVMInt8TypeInContext(cg->ctx), i64 = LLVMInt64TypeInContext(cg->ctx);
    LLVMValueRef offset = LLVMConstInt(i64, ABI_STR_LEN, false);
    LLVMValueRef at = LLVMBuildInBoundsGEP2(b, i8, s, &offset, 1, "");
    LLVMValueRef len = LLVMBuildLoad2(b, i64, at, "len");
    LLVMSetAlignment(len, ABI_WORD);
    return len;
}

/* size_t str_len(const BeskidStr *s) */
static void body_str_len(Codegen *cg, LLVMBuilderRef b, LLVMValueRef fn)
{
    LLVMValueRef s = LLVMGetParam(fn, 0);
    null_to_runtime(cg, b, fn, IR_RT_STR_LEN, s);
    LLVMBuildRet(b, string_len(cg, b, s));
}

/* size_t beskid_rt_str_put_str(uint8_t *dst, const BeskidStr *s) */
static void body_put_str(Codegen *cg, LLVMBuilderRef b, LLVMValueRef fn)
{
    LLVMValueRef dst = LLVMGetParam(fn, 0), s = LLVMGetParam(fn, 1);
    null_to_runtime(cg, b, fn, IR_RT_STR_PUT_STR, s);
    LLVMValueRef bytes = LLVMBuildLoad2(b, LLVMPointerTypeInContext(cg->ctx, 0), s, "bytes");
    LLVMSetAlignment(bytes, ABI_WORD);
    LLVMValueRef len = string_len(cg, b, s);
    LLVMBuildMemCpy(b, dst, 1, bytes, 1, len);
    LLVMBuildRet(b, len);
}

/* BeskidStr *beskid_rt_str_reserve(BeskidStr *s, uint8_t owned, int64_t extra):
 * the usual case of an appendable string's step (its own buffer has room)
 * returns s here; the runtime grows it otherwise. */
static void body_str_reserve(Codegen *cg, LLVMBuilderRef b, LLVMValueRef fn)
{
    LLVMValueRef s = LLVMGetParam(fn, 0), owned = LLVMGetParam(fn, 1), extra = LLVMGetParam(fn, 2);
    LLVMTypeRef i8 = LLVMInt8TypeInContext(cg->ctx), i64 = LLVMInt64TypeInContext(cg->ctx);
    LLVMBasicBlockRef check = LLVMAppendBasicBlockInContext(cg->ctx, fn, "owned");
    LLVMBasicBlockRef fits = LLVMAppendBasicBlockInContext(cg->ctx, fn, "fits");
    LLVMBasicBlockRef slow = LLVMAppendBasicBlockInContext(cg->ctx, fn, "grow");
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntNE, owned, LLVMConstInt(i8, 0, false), ""), check, slow);
    LLVMPositionBuilderAtEnd(b, check);
    LLVMValueRef len = string_len(cg, b, s);
    LLVMValueRef offset = LLVMConstInt(i64, ABI_OWNED_STR_CAP, false);
    LLVMValueRef cap = LLVMBuildLoad2(b, i64, LLVMBuildInBoundsGEP2(b, i8, s, &offset, 1, ""), "cap");
    LLVMSetAlignment(cap, ABI_WORD);
    LLVMValueRef need = LLVMBuildAdd(b, len, extra, "need");
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntULE, need, cap, ""), fits, slow);
    LLVMPositionBuilderAtEnd(b, fits);
    LLVMBuildRet(b, s);
    LLVMPositionBuilderAtEnd(b, slow);
    LLVMTypeRef type;
    LLVMValueRef callee = cg_runtime_func(cg, IR_RT_STR_RESERVE, &type);
    LLVMValueRef args[3] = {s, owned, extra};
    LLVMBuildRet(b, LLVMBuildCall2(b, type, callee, args, 3, ""));
}

LLVMValueRef cg_runtime_callee(Codegen *cg, IrRuntimeFn fn, LLVMTypeRef *type_out)
{
    void (*body)(Codegen *, LLVMBuilderRef, LLVMValueRef);
    switch (fn) {
    case IR_RT_STR_LEN: body = body_str_len; break;
    case IR_RT_STR_PUT_STR: body = body_put_str; break;
    case IR_RT_STR_RESERVE: body = body_str_reserve; break;
    default: return cg_runtime_func(cg, fn, type_out);
    }
    LLVMTypeRef type;
    LLVMValueRef decl = cg_runtime_func(cg, fn, &type);
    if (type_out)
        *type_out = type;
    if (!cg->rt_inline[fn]) {
        const char *symbol = LLVMGetValueName(decl);
        char name[128];
        snprintf(name, sizeof name, "beskid.inline.%s", symbol);
        LLVMValueRef def = LLVMAddFunction(cg->module, name, type);
        LLVMSetLinkage(def, LLVMInternalLinkage);
        add_fn_attr(cg, def, "alwaysinline");
        add_fn_attr(cg, def, "nounwind");
        LLVMBuilderRef b = LLVMCreateBuilderInContext(cg->ctx);
        LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(cg->ctx, def, "entry"));
        body(cg, b, def);
        LLVMDisposeBuilder(b);
        cg->rt_inline[fn] = def;
    }
    return cg->rt_inline[fn];
}
