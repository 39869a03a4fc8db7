/* codegen/cg_export.c: the C interface of a library (backends.md §4.6 [FIX],
 * §5.8): for each exported entry a C function under its C name that calls
 * the Beskid function. Numbers, bool and char cross unchanged (the same
 * machine types; u8 and bool zero-extended as C expects); a `string`
 * parameter is a NUL-terminated UTF-8 `const char *` copied into a Beskid
 * string (beskid_rt_str_from_cstr, which panics on invalid UTF-8), a
 * `string` result a NUL-terminated copy of its bytes in collected memory
 * (beskid_rt_str_cstr). The runtime initialises itself on first use, so a
 * C host calls these with no set-up; a panic prints `panic: …` and exits 101. */
#include <string.h>

#include "codegen/cg_internal.h"
#include "support/check.h"

bool cg_c_exportable(const Artifact *a, const IrEntry *e)
{
    if (e->kind != IR_FUNC_FUNCTION || e->is_generic || e->func >= a->funcs.count || !a->funcs.items[e->func]->is_public)
        return false;
    if (e->param_count && !e->args)
        return false;
    for (uint32_t i = 0; i < e->param_count; i++)
        if (e->args[i] == IR_RESULT_POINTER || e->args[i] == IR_RESULT_UNIT || e->args[i] == IR_RESULT_NEVER)
            return false;
    return e->result != IR_RESULT_POINTER;
}

const char *cg_c_export_name(Arena *arena, const IrEntry *e)
{
    /* `m::f` becomes `m_f`: C has one namespace */
    char *name = arena_strdup(arena, e->qualified_name ? e->qualified_name : e->source_name);
    char *out = name;
    for (const char *p = name; *p; p++) {
        if (p[0] == ':' && p[1] == ':') {
            *out++ = '_';
            p++;
        } else {
            *out++ = *p;
        }
    }
    *out = 0;
    return name;
}

/* The C machine type of a parameter or result class. */
static LLVMTypeRef c_type(Codegen *cg, IrResultKind kind)
{
    switch (kind) {
    case IR_RESULT_UNIT:
    case IR_RESULT_NEVER: return LLVMVoidTypeInContext(cg->ctx);
    case IR_RESULT_I64: return LLVMInt64TypeInContext(cg->ctx);
    case IR_RESULT_I32:
    case IR_RESULT_CHAR: return LLVMInt32TypeInContext(cg->ctx);
    case IR_RESULT_U8:
    case IR_RESULT_BOOL: return LLVMInt8TypeInContext(cg->ctx);
    case IR_RESULT_F64: return LLVMDoubleTypeInContext(cg->ctx);
    case IR_RESULT_STRING:
    case IR_RESULT_POINTER: return LLVMPointerTypeInContext(cg->ctx, 0);
    }
    BSK_UNREACHABLE();
}

static void add_attr(Codegen *cg, LLVMValueRef fn, unsigned index, const char *name)
{
    unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
    LLVMAddAttributeAtIndex(fn, index, LLVMCreateEnumAttribute(cg->ctx, kind, 0));
}

static bool emit_wrapper(Codegen *cg, const IrEntry *e, const char *name)
{
    if (LLVMGetNamedFunction(cg->module, name) || LLVMGetNamedGlobal(cg->module, name)) {
        diag_report(cg->diags, SPAN_NONE, DIAG_E4002_OBJECT_MODULE,
                    arena_printf(cg->artifact->arena, "exported name `%s` collides with another symbol", name));
        return false;
    }
    uint32_t n = e->param_count;
    LLVMTypeRef params[n ? n : 1];
    for (uint32_t i = 0; i < n; i++)
        params[i] = c_type(cg, e->args[i]);
    LLVMValueRef fn = LLVMAddFunction(cg->module, name, LLVMFunctionType(c_type(cg, e->result), params, n, false));
    for (uint32_t i = 0; i < n; i++)
        if (e->args[i] == IR_RESULT_U8 || e->args[i] == IR_RESULT_BOOL)
            add_attr(cg, fn, i + 1, "zeroext");
    if (e->result == IR_RESULT_U8 || e->result == IR_RESULT_BOOL)
        add_attr(cg, fn, LLVMAttributeReturnIndex, "zeroext");
    LLVMPositionBuilderAtEnd(cg->builder, LLVMAppendBasicBlockInContext(cg->ctx, fn, "entry"));
    LLVMValueRef args[n ? n : 1];
    for (uint32_t i = 0; i < n; i++) {
        args[i] = LLVMGetParam(fn, i);
        if (e->args[i] == IR_RESULT_STRING) {
            LLVMTypeRef type;
            LLVMValueRef from = cg_runtime_func(cg, IR_RT_STR_FROM_CSTR, &type);
            args[i] = LLVMBuildCall2(cg->builder, type, from, &args[i], 1, "");
        }
    }
    LLVMValueRef result = LLVMBuildCall2(cg->builder, cg->func_types[e->func], cg->funcs[e->func], args, n, "");
    switch (e->result) {
    case IR_RESULT_UNIT: LLVMBuildRetVoid(cg->builder); break;
    case IR_RESULT_NEVER: LLVMBuildUnreachable(cg->builder); break;
    case IR_RESULT_STRING: {
        LLVMTypeRef type;
        LLVMValueRef cstr = cg_runtime_func(cg, IR_RT_STR_CSTR, &type);
        LLVMBuildRet(cg->builder, LLVMBuildCall2(cg->builder, type, cstr, &result, 1, ""));
        break;
    }
    default: LLVMBuildRet(cg->builder, result); break;
    }
    return true;
}

bool cg_emit_c_exports(Codegen *cg)
{
    const Artifact *a = cg->artifact;
    for (uint32_t i = 0; i < a->entries.count; i++) {
        const IrEntry *e = &a->entries.items[i];
        if (cg_c_exportable(a, e) && !emit_wrapper(cg, e, cg_c_export_name(a->arena, e)))
            return false;
    }
    return true;
}
