/* backend/jit/jit_extern.c: foreign functions under `run` (backends.md §3.6
 * with its [FIX], §0a items 7 and 11). Each import of the artifact is checked
 * against the allow/deny policy (codegen/cg_extern.c), its library opened
 * with dlopen(RTLD_NOW | RTLD_LOCAL) and its symbol found with dlsym; the
 * addresses are then bound into the JIT as absolute symbols, so nothing is
 * found by a silent search of the process. Failures are E5010 (resolution)
 * and E5011 (signatures). dlopen keeps each library loaded for the life of
 * the process and returns the same handle for the same name. */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "backend/jit/jit_internal.h"
#include "codegen/codegen.h"

static bool resolve_failed(DiagList *diags, DiagId id, const char *message)
{
    diag_report(diags, SPAN_NONE, id, message);
    return false;
}

bool jit_resolve_externs(const Artifact *a, DiagList *diags, uint64_t *addresses)
{
    const char *allow = getenv("BESKID_EXTERN_ALLOW");
    const char *deny = getenv("BESKID_EXTERN_DENY");
    for (uint32_t i = 0; i < a->extern_imports.count; i++) {
        const IrExternImport *x = &a->extern_imports.items[i];
        const char *message = cg_extern_policy(diags->arena, x, allow, deny);
        if (message)
            return resolve_failed(diags, DIAG_E5010_EXTERN_RESOLVE, message);
        if ((message = cg_extern_signature(diags->arena, a, i)))
            return resolve_failed(diags, DIAG_E5011_EXTERN_SIGNATURE, message);
        void *handle = dlopen(x->library, RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            const char *why = dlerror();
            return resolve_failed(diags, DIAG_E5010_EXTERN_RESOLVE,
                                  arena_printf(diags->arena, "dlopen(%s): %s", x->library, why ? why : "unknown error"));
        }
        dlerror(); /* a NULL symbol is an address: only dlerror tells failure */
        void *address = dlsym(handle, x->symbol);
        const char *why = dlerror();
        if (why || !address)
            return resolve_failed(diags, DIAG_E5010_EXTERN_RESOLVE,
                                  arena_printf(diags->arena, "dlsym(%s): %s", x->symbol, why ? why : "null address"));
        addresses[i] = (uint64_t)(uintptr_t)address;
    }
    return true;
}

/* Whether 'name' is bound already by the runtime table (an extern naming
 * memcpy or a runtime function binds the same definition the linker would
 * pick for an executable, which links the runtime first). */
static bool is_runtime_symbol(const char *name)
{
    uint32_t count;
    const JitSymbol *table = jit_runtime_symbols(&count);
    for (uint32_t i = 0; i < count; i++)
        if (strcmp(table[i].name, name) == 0)
            return true;
    return false;
}

LLVMErrorRef jit_define_externs(LLVMOrcLLJITRef jit, LLVMOrcJITDylibRef jd, const Artifact *a,
                                const uint64_t *addresses)
{
    uint32_t n = a->extern_imports.count, count = 0;
    if (n == 0)
        return NULL;
    LLVMOrcCSymbolMapPair pairs[n];
    for (uint32_t i = 0; i < n; i++) {
        const char *name = a->extern_imports.items[i].symbol;
        bool repeated = false;
        for (uint32_t j = 0; j < i && !repeated; j++)
            repeated = strcmp(a->extern_imports.items[j].symbol, name) == 0;
        if (repeated || is_runtime_symbol(name))
            continue;
        pairs[count].Name = LLVMOrcLLJITMangleAndIntern(jit, name);
        pairs[count].Sym.Address = addresses[i];
        pairs[count].Sym.Flags.GenericFlags = LLVMJITSymbolGenericFlagsExported | LLVMJITSymbolGenericFlagsCallable;
        pairs[count].Sym.Flags.TargetFlags = 0;
        count++;
    }
    if (count == 0)
        return NULL;
    LLVMOrcMaterializationUnitRef unit = LLVMOrcAbsoluteSymbols(pairs, count);
    LLVMErrorRef error = LLVMOrcJITDylibDefine(jd, unit);
    if (error)
        LLVMOrcDisposeMaterializationUnit(unit);
    return error;
}
