/* backend/jit/jit_internal.h: the table of host addresses the JIT binds as
 * absolute symbols (jit_symbols.c): every runtime function of
 * abi/abi_runtime.def plus the libc helpers LLVM may call (memcpy, memset),
 * and the memory the JIT's code and data live in (jit_memory.c). */
#ifndef BESKID_BACKEND_JIT_JIT_INTERNAL_H
#define BESKID_BACKEND_JIT_JIT_INTERNAL_H
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <stdbool.h>
#include <stdint.h>

#include "artifact/ir.h"
#include "support/diag.h"

typedef struct JitSymbol {
    const char *name;
    uint64_t address;
} JitSymbol;

/* The table; '*count' receives its length. */
const JitSymbol *jit_runtime_symbols(uint32_t *count);

/* jit_extern.c: foreign functions (backends.md §3.6). Resolves every extern
 * import of 'a' (policy, dlopen, dlsym) into 'addresses' (one per import);
 * false after reporting E5010/E5011. */
bool jit_resolve_externs(const Artifact *a, DiagList *diags, uint64_t *addresses);
/* Binds the resolved imports into 'jd' as absolute symbols. */
LLVMErrorRef jit_define_externs(LLVMOrcLLJITRef jit, LLVMOrcJITDylibRef jd, const Artifact *a,
                                const uint64_t *addresses);

/* jit_perf.c: the perf map (/tmp/perf-PID.map) and the backtrace names of the compiled functions,
 * named by the artifact's Beskid names. The transform notes an object's
 * function symbols before it is linked (an
 * LLVMOrcObjectTransformLayerTransformFunction; the object is unchanged),
 * the memory manager reports each code section's address, and
 * 'finalized' appends the lines for the object just linked. */
typedef struct JitPerfMap JitPerfMap;
JitPerfMap *jit_perf_new(const Artifact *a, bool file, bool backtrace);
void jit_perf_free(JitPerfMap *p); /* NULL: nothing */
LLVMErrorRef jit_perf_transform(void *perf_map, LLVMMemoryBufferRef *object);
void jit_perf_section(JitPerfMap *p, const char *name, const uint8_t *address);
void jit_perf_finalized(JitPerfMap *p);

/* What the object linking layer reports to; it must outlive the LLJIT. */
typedef struct JitLayerOptions {
    JitPerfMap *perf; /* learns where code sections go; NULL: no perf map */
    bool gdb;         /* register each linked object with gdb's JIT interface */
} JitLayerOptions;

/* jit_memory.c: the object linking layer of the LLJIT (an
 * LLVMOrcLLJITBuilderObjectLinkingLayerCreatorFunction whose context is a
 * JitLayerOptions): RuntimeDyld with code and data mapped in the low 2 GiB,
 * outside the collector's heap range. */
LLVMOrcObjectLayerRef jit_memory_object_layer(void *layer_options, LLVMOrcExecutionSessionRef session,
                                              const char *triple);
#endif
