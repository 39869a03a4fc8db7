/* codegen/cg_target.c: target machines and the optimisation pipeline. Only
 * 64-bit little-endian targets are accepted (backends.md §0a item 13). The
 * host triple gets the host CPU and features: executables run where built. */
#include "codegen/codegen.h"

#include <llvm-c/Error.h>
#include <llvm-c/Target.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <stdio.h>
#include <string.h>

static void report_target(DiagList *diags, const char *message)
{
    diag_report(diags, SPAN_NONE, DIAG_E4001_TARGET_INIT, arena_strdup(diags->arena, message));
}

static LLVMCodeGenOptLevel codegen_level(int level)
{
    switch (level) {
    case 0: return LLVMCodeGenLevelNone;
    case 1: return LLVMCodeGenLevelLess;
    case 3: return LLVMCodeGenLevelAggressive;
    default: return LLVMCodeGenLevelDefault;
    }
}

/* The targets beskid links (Makefile: LLVM_COMPONENTS): x86-64 and AArch64.
 * Any other triple is "no available target" (E4001). The host alone is
 * initialised when it is the target: `beskid run` pays for one. */
static void init_cross_targets(void)
{
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    LLVMInitializeX86AsmParser();
    LLVMInitializeAArch64TargetInfo();
    LLVMInitializeAArch64Target();
    LLVMInitializeAArch64TargetMC();
    LLVMInitializeAArch64AsmPrinter();
    LLVMInitializeAArch64AsmParser();
}

/* 'tuned': the host triple gets the host's CPU and features; else the
 * generic CPU of the triple. */
static LLVMTargetMachineRef make_machine(const char *triple_or_null, int opt_level, bool tuned, DiagList *diags)
{
    char *host = LLVMGetDefaultTargetTriple();
    char *normalized = LLVMNormalizeTargetTriple(triple_or_null ? triple_or_null : host);
    char *host_normalized = LLVMNormalizeTargetTriple(host);
    bool is_host = strcmp(normalized, host_normalized) == 0;
    LLVMDisposeMessage(host);
    LLVMDisposeMessage(host_normalized);
    if (is_host) {
        LLVMInitializeNativeTarget();
        LLVMInitializeNativeAsmPrinter();
        LLVMInitializeNativeAsmParser();
    } else {
        init_cross_targets();
    }
    LLVMTargetRef target = NULL;
    char *error = NULL;
    if (LLVMGetTargetFromTriple(normalized, &target, &error)) {
        char buf[512];
        snprintf(buf, sizeof buf, "%s", error ? error : "unknown target");
        LLVMDisposeMessage(error);
        LLVMDisposeMessage(normalized);
        report_target(diags, buf);
        return NULL;
    }
    char *cpu = is_host && tuned ? LLVMGetHostCPUName() : NULL;
    char *features = is_host && tuned ? LLVMGetHostCPUFeatures() : NULL;
    LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, normalized, cpu ? cpu : "generic", features ? features : "",
                                                      codegen_level(opt_level), LLVMRelocPIC, LLVMCodeModelDefault);
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(features);
    if (!tm) {
        char buf[512];
        snprintf(buf, sizeof buf, "cannot create a target machine for `%s`", normalized);
        LLVMDisposeMessage(normalized);
        report_target(diags, buf);
        return NULL;
    }
    LLVMTargetDataRef layout = LLVMCreateTargetDataLayout(tm);
    bool supported = LLVMPointerSize(layout) == 8 && LLVMByteOrder(layout) == LLVMLittleEndian;
    LLVMDisposeTargetData(layout);
    if (!supported) {
        char buf[512];
        snprintf(buf, sizeof buf, "target `%s` is not a 64-bit little-endian target", normalized);
        LLVMDisposeMessage(normalized);
        LLVMDisposeTargetMachine(tm);
        report_target(diags, buf);
        return NULL;
    }
    LLVMDisposeMessage(normalized);
    return tm;
}

LLVMTargetMachineRef cg_host_target_machine(const char *triple_or_null, int opt_level, DiagList *diags)
{
    return make_machine(triple_or_null, opt_level, true, diags);
}

LLVMTargetMachineRef cg_layout_target_machine(const char *triple_or_null, DiagList *diags)
{
    return make_machine(triple_or_null, 0, false, diags);
}

bool cg_optimize(LLVMModuleRef module, LLVMTargetMachineRef tm, int level, DiagList *diags)
{
    if (level < 0)
        level = 0;
    if (level > 3)
        level = 3;
    /* Identical functions (instances of one generic body over layout-equal
     * types, above all) are merged first, so the optimiser and the code
     * generator see each body once; a merged function whose address is taken
     * stays a distinct thunk, so function identity is unchanged. Before
     * that, the internal functions nothing reaches are dropped (`run`
     * internalises all but the entry, so most of Std goes): otherwise
     * mergefunc and the passes before the pipeline's own dead-code
     * removal (IPSCCP) work on every function of every module used. */
    /* A twin's inlined level computes what the outer level computes again
     * (fib(n - 1)'s own fib(n - 2) call): those are equal only once the
     * pipeline's last simplifications have run, after its last GVN, so a
     * module with twins gets one more CSE and its cleanup. */
    size_t flag_len = strlen(CG_TWINS_FLAG);
    bool twins = level > 0 && LLVMGetModuleFlag(module, CG_TWINS_FLAG, flag_len) != NULL;
    char pipeline[128];
    snprintf(pipeline, sizeof pipeline, level > 0 ? "globaldce,mergefunc,default<O%d>%s" : "default<O%d>%s", level,
             twins ? ",function(early-cse<memssa>,instcombine,simplifycfg)" : "");
    LLVMPassBuilderOptionsRef options = LLVMCreatePassBuilderOptions();
    LLVMErrorRef error = LLVMRunPasses(module, pipeline, tm, options);
    LLVMDisposePassBuilderOptions(options);
    if (error) {
        char *message = LLVMGetErrorMessage(error);
        diag_report(diags, SPAN_NONE, DIAG_E4002_OBJECT_MODULE, arena_strdup(diags->arena, message));
        LLVMDisposeErrorMessage(message);
        return false;
    }
    return true;
}
