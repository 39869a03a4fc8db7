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

/* The unusual case of an inline body: the runtime function itself, called
 * with the body's arguments, its result returned. */
static void return_runtime_call(Codegen *cg, LLVMBuilderRef b, IrRuntimeFn fn, LLVMValueRef *args, unsigned count)
{
    LLVMTypeRef type;
    LLVMValueRef callee = cg_runtime_func(cg, fn, &type);
    LLVMBuildRet(b, LLVMBuildCall2(b, type, callee, args, count, ""));
}

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
    return_runtime_call(cg, b, IR_RT_STR_RESERVE, (LLVMValueRef[]){s, owned, extra}, 3);
}

static LLVMValueRef string_bytes(Codegen *cg, LLVMBuilderRef b, LLVMValueRef s)
{
    LLVMValueRef bytes = LLVMBuildLoad2(b, LLVMPointerTypeInContext(cg->ctx, 0), s, "bytes");
    LLVMSetAlignment(bytes, ABI_WORD);
    return bytes;
}

/* The 'type' (an integer type) at bytes + offset, unaligned. */
static LLVMValueRef load_at(Codegen *cg, LLVMBuilderRef b, LLVMTypeRef type, LLVMValueRef bytes, LLVMValueRef offset)
{
    LLVMValueRef at = LLVMBuildInBoundsGEP2(b, LLVMInt8TypeInContext(cg->ctx), bytes, &offset, 1, "");
    LLVMValueRef value = LLVMBuildLoad2(b, type, at, "");
    LLVMSetAlignment(value, 1);
    return value;
}

static LLVMBasicBlockRef block(Codegen *cg, LLVMValueRef fn, const char *name)
{
    return LLVMAppendBasicBlockInContext(cg->ctx, fn, name);
}

/* Whether 'type' values at [0] and [n - width] of both byte runs agree (the
 * two loads overlap when n < 2 * width, covering all n bytes for
 * width <= n <= 2 * width). */
static LLVMValueRef same_ends(Codegen *cg, LLVMBuilderRef b, LLVMTypeRef type, unsigned width, LLVMValueRef pa,
                              LLVMValueRef pb, LLVMValueRef n)
{
    LLVMTypeRef i64 = LLVMInt64TypeInContext(cg->ctx);
    LLVMValueRef zero = LLVMConstInt(i64, 0, false);
    LLVMValueRef last = LLVMBuildSub(b, n, LLVMConstInt(i64, width, false), "");
    LLVMValueRef x0 = LLVMBuildXor(b, load_at(cg, b, type, pa, zero), load_at(cg, b, type, pb, zero), "");
    LLVMValueRef x1 = LLVMBuildXor(b, load_at(cg, b, type, pa, last), load_at(cg, b, type, pb, last), "");
    return LLVMBuildICmp(b, LLVMIntEQ, LLVMBuildOr(b, x0, x1, ""), LLVMConstInt(type, 0, false), "");
}

/* uint8_t beskid_rt_str_eq(const BeskidStr *a, const BeskidStr *b): the
 * same object, different lengths or the same bytes answer at once; up to 16
 * bytes are compared here by two overlapping loads a side (three bytes
 * below 4), longer strings by the runtime. */
static void body_str_eq(Codegen *cg, LLVMBuilderRef b, LLVMValueRef fn)
{
    LLVMValueRef x = LLVMGetParam(fn, 0), y = LLVMGetParam(fn, 1);
    LLVMTypeRef i8 = LLVMInt8TypeInContext(cg->ctx), i32 = LLVMInt32TypeInContext(cg->ctx);
    LLVMTypeRef i64 = LLVMInt64TypeInContext(cg->ctx);
    LLVMValueRef one = LLVMConstInt(i8, 1, false), zero = LLVMConstInt(i8, 0, false);
    null_to_runtime(cg, b, fn, IR_RT_STR_EQ, x);
    null_to_runtime(cg, b, fn, IR_RT_STR_EQ, y);
    LLVMBasicBlockRef same = block(cg, fn, "same"), differ = block(cg, fn, "differ");
    LLVMBasicBlockRef checks = block(cg, fn, "checks");
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, x, y, ""), same, checks);
    LLVMPositionBuilderAtEnd(b, same);
    LLVMBuildRet(b, one);
    LLVMPositionBuilderAtEnd(b, differ);
    LLVMBuildRet(b, zero);
    LLVMPositionBuilderAtEnd(b, checks);
    LLVMValueRef n = string_len(cg, b, x);
    LLVMBasicBlockRef lengths = block(cg, fn, "lengths");
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, n, string_len(cg, b, y), ""), lengths, differ);
    LLVMPositionBuilderAtEnd(b, lengths);
    LLVMValueRef pa = string_bytes(cg, b, x), pb = string_bytes(cg, b, y);
    LLVMBasicBlockRef small = block(cg, fn, "small"), tiny = block(cg, fn, "tiny"), four = block(cg, fn, "four");
    LLVMBasicBlockRef eight = block(cg, fn, "eight"), rest = block(cg, fn, "rest"), large = block(cg, fn, "large");
    LLVMBasicBlockRef bytes_differ = block(cg, fn, "bytes");
    /* the same bytes (slices of one text, a literal twice) are equal */
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, pa, pb, ""), same, bytes_differ);
    LLVMPositionBuilderAtEnd(b, bytes_differ);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntULE, n, LLVMConstInt(i64, 16, false), ""), small, large);
    LLVMPositionBuilderAtEnd(b, small);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntULT, n, LLVMConstInt(i64, 4, false), ""), tiny, rest);
    LLVMPositionBuilderAtEnd(b, rest);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntULT, n, LLVMConstInt(i64, 8, false), ""), four, eight);
    LLVMPositionBuilderAtEnd(b, eight);
    LLVMBuildRet(b, LLVMBuildZExt(b, same_ends(cg, b, i64, 8, pa, pb, n), i8, ""));
    LLVMPositionBuilderAtEnd(b, four);
    LLVMBuildRet(b, LLVMBuildZExt(b, same_ends(cg, b, i32, 4, pa, pb, n), i8, ""));
    /* 0..3 bytes: [0], [n / 2] and [n - 1] cover them all */
    LLVMPositionBuilderAtEnd(b, tiny);
    LLVMBasicBlockRef some = block(cg, fn, "some");
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, n, LLVMConstInt(i64, 0, false), ""), same, some);
    LLVMPositionBuilderAtEnd(b, some);
    LLVMValueRef offsets[3] = {LLVMConstInt(i64, 0, false), LLVMBuildLShr(b, n, LLVMConstInt(i64, 1, false), ""),
                               LLVMBuildSub(b, n, LLVMConstInt(i64, 1, false), "")};
    LLVMValueRef diff = LLVMConstInt(i8, 0, false);
    for (int k = 0; k < 3; k++)
        diff = LLVMBuildOr(
            b, diff, LLVMBuildXor(b, load_at(cg, b, i8, pa, offsets[k]), load_at(cg, b, i8, pb, offsets[k]), ""), "");
    LLVMBuildRet(b, LLVMBuildZExt(b, LLVMBuildICmp(b, LLVMIntEQ, diff, zero, ""), i8, ""));
    LLVMPositionBuilderAtEnd(b, large);
    return_runtime_call(cg, b, IR_RT_STR_EQ, (LLVMValueRef[]){x, y}, 2);
}

/* int64_t beskid_rt_hash_str(const BeskidStr *s): the runtime's hash
 * (rt_text.c: eight bytes a step, the last one to eight bytes as one value,
 * then splitmix64's finaliser over it and the length), so a literal's hash
 * folds to a constant and a word's costs no call. Must stay bit for bit
 * rt_text.c's. */
static void body_hash_str(Codegen *cg, LLVMBuilderRef b, LLVMValueRef fn)
{
    LLVMValueRef s = LLVMGetParam(fn, 0);
    LLVMTypeRef i8 = LLVMInt8TypeInContext(cg->ctx), i32 = LLVMInt32TypeInContext(cg->ctx);
    LLVMTypeRef i64 = LLVMInt64TypeInContext(cg->ctx);
#define K(v) LLVMConstInt(i64, (v), false)
    LLVMValueRef mul = K(0xff51afd7ed558ccdull);
    null_to_runtime(cg, b, fn, IR_RT_HASH_STR, s);
    LLVMBasicBlockRef entry = LLVMGetInsertBlock(b);
    LLVMValueRef n = string_len(cg, b, s), bytes = string_bytes(cg, b, s);
    LLVMBasicBlockRef head = block(cg, fn, "head"), step = block(cg, fn, "step"), tail = block(cg, fn, "tail");
    LLVMBuildBr(b, head);
    /* while n - i > 8: h = (h ^ word) * mul; h ^= h >> 32 */
    LLVMPositionBuilderAtEnd(b, head);
    LLVMValueRef i = LLVMBuildPhi(b, i64, "i"), h = LLVMBuildPhi(b, i64, "h");
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntUGT, LLVMBuildSub(b, n, i, ""), K(8), ""), step, tail);
    LLVMPositionBuilderAtEnd(b, step);
    LLVMValueRef hw = LLVMBuildMul(b, LLVMBuildXor(b, h, load_at(cg, b, i64, bytes, i), ""), mul, "");
    hw = LLVMBuildXor(b, hw, LLVMBuildLShr(b, hw, K(32), ""), "");
    LLVMValueRef next_i = LLVMBuildAdd(b, i, K(8), "");
    LLVMBuildBr(b, head);
    LLVMValueRef i_in[2] = {K(0), next_i}, h_in[2] = {K(0x9e3779b97f4a7c15ull), hw};
    LLVMBasicBlockRef from[2] = {entry, step};
    LLVMAddIncoming(i, i_in, from, 2);
    LLVMAddIncoming(h, h_in, from, 2);
    /* the last r = n - i bytes (0..8) as one value t */
    LLVMPositionBuilderAtEnd(b, tail);
    LLVMValueRef r = LLVMBuildSub(b, n, i, "r");
    LLVMBasicBlockRef wide = block(cg, fn, "wide"), narrow = block(cg, fn, "narrow"), few = block(cg, fn, "few");
    LLVMBasicBlockRef done = block(cg, fn, "mix");
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntUGE, r, K(4), ""), wide, narrow);
    LLVMPositionBuilderAtEnd(b, wide);
    LLVMValueRef lo = LLVMBuildZExt(b, load_at(cg, b, i32, bytes, i), i64, "");
    LLVMValueRef hi_at = LLVMBuildSub(b, LLVMBuildAdd(b, i, r, ""), K(4), "");
    LLVMValueRef hi = LLVMBuildZExt(b, load_at(cg, b, i32, bytes, hi_at), i64, "");
    LLVMValueRef t_wide = LLVMBuildOr(b, lo, LLVMBuildShl(b, hi, K(32), ""), "");
    LLVMBuildBr(b, done);
    LLVMPositionBuilderAtEnd(b, narrow);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, r, K(0), ""), done, few);
    LLVMPositionBuilderAtEnd(b, few);
    LLVMValueRef b0 = LLVMBuildZExt(b, load_at(cg, b, i8, bytes, i), i64, "");
    LLVMValueRef mid_at = LLVMBuildAdd(b, i, LLVMBuildLShr(b, r, K(1), ""), "");
    LLVMValueRef b1 = LLVMBuildZExt(b, load_at(cg, b, i8, bytes, mid_at), i64, "");
    LLVMValueRef last_at = LLVMBuildSub(b, LLVMBuildAdd(b, i, r, ""), K(1), "");
    LLVMValueRef b2 = LLVMBuildZExt(b, load_at(cg, b, i8, bytes, last_at), i64, "");
    LLVMValueRef t_few =
        LLVMBuildOr(b, LLVMBuildOr(b, b0, LLVMBuildShl(b, b1, K(8), ""), ""), LLVMBuildShl(b, b2, K(16), ""), "");
    LLVMBuildBr(b, done);
    LLVMPositionBuilderAtEnd(b, done);
    LLVMValueRef t = LLVMBuildPhi(b, i64, "t");
    LLVMValueRef t_in[3] = {t_wide, K(0), t_few};
    LLVMBasicBlockRef t_from[3] = {wide, narrow, few};
    LLVMAddIncoming(t, t_in, t_from, 3);
    /* mix64(((h ^ t) * mul) ^ n) */
    LLVMValueRef x = LLVMBuildXor(b, LLVMBuildMul(b, LLVMBuildXor(b, h, t, ""), mul, ""), n, "");
    x = LLVMBuildXor(b, x, LLVMBuildLShr(b, x, K(30), ""), "");
    x = LLVMBuildMul(b, x, K(0xbf58476d1ce4e5b9ull), "");
    x = LLVMBuildXor(b, x, LLVMBuildLShr(b, x, K(27), ""), "");
    x = LLVMBuildMul(b, x, K(0x94d049bb133111ebull), "");
    x = LLVMBuildXor(b, x, LLVMBuildLShr(b, x, K(31), ""), "");
    LLVMBuildRet(b, x);
#undef K
}

/* BeskidStr *beskid_rt_str_slice(const BeskidStr *s, int64_t start, int64_t end):
 * a range inside the text on character boundaries is a new header over its
 * bytes (one allocation, no call into the runtime's checks); anything else
 * goes to the runtime, which panics with its message. */
static void body_str_slice(Codegen *cg, LLVMBuilderRef b, LLVMValueRef fn)
{
    LLVMValueRef s = LLVMGetParam(fn, 0), start = LLVMGetParam(fn, 1), end = LLVMGetParam(fn, 2);
    LLVMTypeRef i8 = LLVMInt8TypeInContext(cg->ctx), i64 = LLVMInt64TypeInContext(cg->ctx);
    LLVMTypeRef ptr = LLVMPointerTypeInContext(cg->ctx, 0);
    null_to_runtime(cg, b, fn, IR_RT_STR_SLICE, s);
    LLVMValueRef n = string_len(cg, b, s), bytes = string_bytes(cg, b, s);
    LLVMBasicBlockRef slow = block(cg, fn, "runtime"), first = block(cg, fn, "first"), first_byte = block(cg, fn, "byte0");
    LLVMBasicBlockRef last = block(cg, fn, "last"), last_byte = block(cg, fn, "byte1"), make = block(cg, fn, "make");
    /* 0 <= start <= end <= n: unsigned start <= end and end <= n */
    LLVMValueRef in_range = LLVMBuildAnd(b, LLVMBuildICmp(b, LLVMIntULE, start, end, ""),
                                         LLVMBuildICmp(b, LLVMIntULE, end, n, ""), "");
    LLVMBuildCondBr(b, in_range, first, slow);
    /* neither end cuts a character: the byte there (if any) is no continuation byte */
    LLVMValueRef boundary[2] = {start, end};
    LLVMBasicBlockRef checks[2] = {first, last}, loads[2] = {first_byte, last_byte}, next[2] = {last, make};
    for (int k = 0; k < 2; k++) {
        LLVMPositionBuilderAtEnd(b, checks[k]);
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntULT, boundary[k], n, ""), loads[k], next[k]);
        LLVMPositionBuilderAtEnd(b, loads[k]);
        LLVMValueRef byte = load_at(cg, b, i8, bytes, boundary[k]);
        LLVMValueRef top = LLVMBuildAnd(b, byte, LLVMConstInt(i8, 0xC0, false), "");
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, top, LLVMConstInt(i8, 0x80, false), ""), slow, next[k]);
    }
    LLVMPositionBuilderAtEnd(b, make);
    LLVMTypeRef alloc_type;
    LLVMValueRef alloc = cg_runtime_func(cg, IR_RT_ALLOC_SCANNED, &alloc_type);
    LLVMValueRef alloc_args[2] = {LLVMConstInt(i64, ABI_STR_BYTES, false), LLVMConstNull(ptr)};
    LLVMValueRef header = LLVMBuildCall2(b, alloc_type, alloc, alloc_args, 2, "slice");
    LLVMValueRef from = LLVMBuildInBoundsGEP2(b, i8, bytes, &start, 1, "");
    LLVMSetAlignment(LLVMBuildStore(b, from, header), ABI_WORD);
    LLVMValueRef len_at = LLVMConstInt(i64, ABI_STR_LEN, false);
    LLVMValueRef len_slot = LLVMBuildInBoundsGEP2(b, i8, header, &len_at, 1, "");
    LLVMSetAlignment(LLVMBuildStore(b, LLVMBuildSub(b, end, start, ""), len_slot), ABI_WORD);
    LLVMBuildRet(b, header);
    LLVMPositionBuilderAtEnd(b, slow);
    return_runtime_call(cg, b, IR_RT_STR_SLICE, (LLVMValueRef[]){s, start, end}, 3);
}

/* int64_t beskid_rt_bytes_put_str(BeskidArray *dst, int64_t at, const BeskidStr *s):
 * s's bytes copied when they fit at 'at'; the runtime panics otherwise. */
static void body_bytes_put_str(Codegen *cg, LLVMBuilderRef b, LLVMValueRef fn)
{
    LLVMValueRef dst = LLVMGetParam(fn, 0), at = LLVMGetParam(fn, 1), s = LLVMGetParam(fn, 2);
    LLVMTypeRef i64 = LLVMInt64TypeInContext(cg->ctx), i8 = LLVMInt8TypeInContext(cg->ctx);
    null_to_runtime(cg, b, fn, IR_RT_BYTES_PUT_STR, s);
    LLVMValueRef n = string_len(cg, b, s);
    LLVMValueRef len_at = LLVMConstInt(i64, ABI_ARRAY_LEN, false);
    LLVMValueRef size = LLVMBuildLoad2(b, i64, LLVMBuildInBoundsGEP2(b, i8, dst, &len_at, 1, ""), "size");
    LLVMSetAlignment(size, ABI_WORD);
    /* 0 <= at <= size and n <= size - at, unsigned: at <= size and n <= size - at */
    LLVMValueRef at_ok = LLVMBuildICmp(b, LLVMIntULE, at, size, "");
    LLVMValueRef room = LLVMBuildSub(b, size, at, "");
    LLVMValueRef fits = LLVMBuildAnd(b, at_ok, LLVMBuildICmp(b, LLVMIntULE, n, room, ""), "");
    LLVMBasicBlockRef copy = block(cg, fn, "copy"), slow = block(cg, fn, "check");
    LLVMBuildCondBr(b, fits, copy, slow);
    LLVMPositionBuilderAtEnd(b, slow);
    return_runtime_call(cg, b, IR_RT_BYTES_PUT_STR, (LLVMValueRef[]){dst, at, s}, 3);
    LLVMPositionBuilderAtEnd(b, copy);
    /* the elements follow the header (runtime/rt_array.c) */
    LLVMValueRef elems_at = LLVMConstInt(i64, ABI_ARRAY_BYTES, false);
    LLVMValueRef base = LLVMBuildInBoundsGEP2(b, i8, dst, &elems_at, 1, "elems");
    LLVMValueRef to = LLVMBuildInBoundsGEP2(b, i8, base, &at, 1, "");
    LLVMBuildMemCpy(b, to, 1, string_bytes(cg, b, s), 1, n);
    LLVMBuildRet(b, LLVMBuildAdd(b, at, n, ""));
}

LLVMValueRef cg_runtime_callee(Codegen *cg, IrRuntimeFn fn, LLVMTypeRef *type_out)
{
    void (*body)(Codegen *, LLVMBuilderRef, LLVMValueRef);
    switch (fn) {
    case IR_RT_STR_LEN: body = body_str_len; break;
    case IR_RT_STR_PUT_STR: body = body_put_str; break;
    case IR_RT_STR_RESERVE: body = body_str_reserve; break;
    case IR_RT_STR_EQ: body = body_str_eq; break;
    case IR_RT_HASH_STR: body = body_hash_str; break;
    case IR_RT_BYTES_PUT_STR: body = body_bytes_put_str; break;
    case IR_RT_STR_SLICE: body = body_str_slice; break;
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
