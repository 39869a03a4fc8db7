/* codegen/codegen.h: the only code that turns the artifact into LLVM IR
 * (STYLE.md §3.9), shared by the JIT and the AOT backend. Backend options
 * (CgOptions) are applied here, after lowering (N3). LLVM handles live in
 * side tables inside codegen/, never in artifact structs. */
#ifndef BESKID_CODEGEN_CODEGEN_H
#define BESKID_CODEGEN_CODEGEN_H
#include <stdbool.h>

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

#include "artifact/ir.h"
#include "support/diag.h"

typedef struct CgOptions {
    LLVMTargetMachineRef target_machine; /* data layout and triple come from it */
    bool local_private_symbols; /* object output: non-public functions get internal linkage */
    /* JIT output (`run`): every function except 'jit_entry_func' gets
     * internal linkage, the one symbol the JIT looks up stays visible. The
     * optimiser then treats the module as a whole program, exactly like an
     * executable's object (internal calling conventions, inlining of
     * single-call functions, removal of unreachable functions). */
    bool jit_internalize;
    uint32_t jit_entry_func;
    bool jit_keep_tests; /* `beskid test`: every test function stays visible too */
    /* When not UINT32_MAX: emit a C `main` entry shim that initialises the
     * runtime, calls this function, maps its result to the exit status
     * (backends.md §4.3) and shuts the runtime down. */
    uint32_t exe_entry_func;
    IrResultKind exe_entry_result;
    /* DWARF line tables, functions and locals for the artifact's sources
     * (`build` without --release, or with -g); 'debug_optimized' marks it
     * as describing optimised code. */
    bool debug_info;
    bool debug_optimized;
    /* The module will be optimised (`run` above -O0, `build --release`):
     * small self-recursive functions get a twin to inline (cg_twin.c). */
    bool optimize;
    /* Library output (`build --kind shared|static`): a C function under its
     * C name for every exportable entry (cg_export.c, backends.md §4.6). */
    bool c_exports;
} CgOptions;

/* The module flag that says cg_twin.c gave some function a twin. */
#define CG_TWINS_FLAG "beskid.twins"

/* Builds a module in 'ctx' from the whole artifact. Returns NULL after
 * reporting diagnostics. The caller owns the module. */
LLVMModuleRef cg_build_module(LLVMContextRef ctx, const Artifact *a, const CgOptions *options, DiagList *diags);
/* Runs LLVM's new-pass-manager pipeline (`default<O{level}>`), level 0..3;
 * a module with recursive twins (cg_twin.c) gets a cleanup after it. */
bool cg_optimize(LLVMModuleRef module, LLVMTargetMachineRef tm, int level, DiagList *diags);
/* The host's target machine (real triple), PIC; NULL + E4001 on failure. */
LLVMTargetMachineRef cg_host_target_machine(const char *triple_or_null, int opt_level, DiagList *diags);
/* The same triple's machine with its generic CPU and no feature list: for
 * what needs the triple and the data layout but generates no code (a JIT
 * that links finished objects, a check that a triple is supported). Making
 * one costs a fraction of the tuned one: LLVM applies each of the host's
 * ~100 features with its implied features, per machine made. */
LLVMTargetMachineRef cg_layout_target_machine(const char *triple_or_null, DiagList *diags);
/* Entrypoint resolution shared by `run` and `build` (backends.md §3.3, §0a
 * item 6): an exact qualified name wins, else the unqualified source name;
 * methods never match. On OK, '*entry_out' is an index into a->entries;
 * on PARAMETERS and GENERIC it names the one match too. */
typedef enum CgEntryStatus {
    CG_ENTRY_OK,
    CG_ENTRY_MISSING,
    CG_ENTRY_AMBIGUOUS,
    CG_ENTRY_PARAMETERS,
    CG_ENTRY_GENERIC,
} CgEntryStatus;
CgEntryStatus cg_find_entry(const Artifact *a, const char *name, uint32_t *entry_out);
/* The extern allow/deny policy (backends.md §3.6 steps 1-2, cg_extern.c)
 * for import 'x' under the comma-separated rule lists 'allow' and 'deny'
 * (BESKID_EXTERN_ALLOW / BESKID_EXTERN_DENY; NULL: empty): NULL when the
 * import may be bound, else the message. */
const char *cg_extern_policy(Arena *arena, const IrExternImport *x, const char *allow, const char *deny);
/* §3.6 step 4 for import 'index' of 'a': NULL, or the E5011 message (a void
 * parameter; the symbol imported earlier with another signature). */
const char *cg_extern_signature(Arena *arena, const Artifact *a, uint32_t index);
/* Whether entry 'e' gets a C function in a library: a `pub` non-generic
 * function whose parameters and result are numbers, bool, char, string or
 * unit (cg_export.c). */
bool cg_c_exportable(const Artifact *a, const IrEntry *e);
/* Its C name: the qualified name with `::` as `_`. */
const char *cg_c_export_name(Arena *arena, const IrEntry *e);
/* Whether entry 'index' is a candidate for 'name' (for listing ambiguities). */
bool cg_entry_matches(const Artifact *a, uint32_t index, const char *name);
#endif
