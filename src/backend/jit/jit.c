/* backend/jit/jit.c: `beskid run` (backends.md §3). Resolves the entry
 * before compiling, builds and optimises the module through codegen, hands
 * it to an ORC LLJIT with the runtime bound as absolute symbols, calls the
 * entry and prints its result (§3.4). Every LLVM object is disposed here. */
#include "backend/jit/jit.h"

#include <inttypes.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/TargetMachine.h>
#include <stdlib.h>
#include <time.h>

#include "backend/jit/jit_entry.h"
#include "backend/jit/jit_internal.h"
#include "beskid_rt.h"
#include "codegen/codegen.h"
#include "support/check.h"
#include "support/strbuf.h"

/* The entry function index that stands for "every test entry" (`beskid test`). */
#define ALL_TESTS UINT32_MAX

/* Reports an LLVM error as E5020 and consumes it. */
static bool report_error(DiagList *diags, LLVMErrorRef error)
{
    char *message = LLVMGetErrorMessage(error);
    diag_report(diags, SPAN_NONE, DIAG_E5020_JIT_COMPILE, arena_strdup(diags->arena, message));
    LLVMDisposeErrorMessage(message);
    return false;
}

static bool resolve_entry(const Artifact *a, const char *name, DiagList *diags, const IrEntry **entry_out)
{
    uint32_t index = UINT32_MAX;
    switch (cg_find_entry(a, name, &index)) {
    case CG_ENTRY_OK:
        *entry_out = &a->entries.items[index];
        return true;
    case CG_ENTRY_MISSING: diag_report(diags, SPAN_NONE, DIAG_E5001_MISSING_ENTRYPOINT, name); return false;
    case CG_ENTRY_PARAMETERS: diag_report(diags, SPAN_NONE, DIAG_E5002_ENTRYPOINT_PARAMETERS, name); return false;
    case CG_ENTRY_GENERIC: diag_report(diags, SPAN_NONE, DIAG_E5004_GENERIC_ENTRYPOINT, name); return false;
    case CG_ENTRY_AMBIGUOUS: {
        Diag *d = diag_report(diags, SPAN_NONE, DIAG_E5003_AMBIGUOUS_ENTRYPOINT, name);
        StrBuf sb = {0};
        for (uint32_t i = 0; i < a->entries.count; i++) {
            if (!cg_entry_matches(a, i, name))
                continue;
            strbuf_puts(&sb, sb.len ? ", " : "candidates: ");
            strbuf_puts(&sb, a->entries.items[i].qualified_name);
        }
        diag_set_help(diags, d, "%s", strbuf_cstr(&sb));
        strbuf_free(&sb);
        return false;
    }
    }
    BSK_UNREACHABLE();
}

/* Binds every runtime symbol by address into 'jd'. The table is generated
 * from abi/abi_runtime.def (jit_symbols.c), so it names every function. */
static bool define_runtime(LLVMOrcLLJITRef jit, LLVMOrcJITDylibRef jd, DiagList *diags)
{
    uint32_t count;
    const JitSymbol *table = jit_runtime_symbols(&count);
    LLVMOrcCSymbolMapPair pairs[count];
    for (uint32_t i = 0; i < count; i++) {
        pairs[i].Name = LLVMOrcLLJITMangleAndIntern(jit, table[i].name);
        pairs[i].Sym.Address = table[i].address;
        pairs[i].Sym.Flags.GenericFlags = LLVMJITSymbolGenericFlagsExported | LLVMJITSymbolGenericFlagsCallable;
        pairs[i].Sym.Flags.TargetFlags = 0;
    }
    LLVMOrcMaterializationUnitRef unit = LLVMOrcAbsoluteSymbols(pairs, count);
    LLVMErrorRef error = LLVMOrcJITDylibDefine(jd, unit);
    if (error) {
        LLVMOrcDisposeMaterializationUnit(unit);
        return report_error(diags, error);
    }
    return true;
}

/* The target machine the code is generated for ('tuned': the host CPU and
 * features, the -O level's CodeGen level), or the generic one the LLJIT
 * gets: it links finished objects and needs only the triple and the data
 * layout. E5020 when there is none. */
static LLVMTargetMachineRef target_machine(bool tuned, int opt_level, DiagList *diags)
{
    DiagList target_diags;
    diag_list_init(&target_diags, diags->arena);
    LLVMTargetMachineRef tm = tuned ? cg_host_target_machine(NULL, opt_level, &target_diags)
                                    : cg_layout_target_machine(NULL, &target_diags);
    if (!tm) {
        const char *message = target_diags.items.count ? target_diags.items.items[0].message : "no host target";
        diag_report(diags, SPAN_NONE, DIAG_E5020_JIT_COMPILE, message);
    }
    return tm;
}

/* Builds, optimises and emits the object code of 'a' with 'tm'. NULL after
 * reporting diagnostics. */
static LLVMMemoryBufferRef emit_object(const Artifact *a, uint32_t entry_func, const JitOptions *options,
                                       DiagList *diags)
{
    LLVMTargetMachineRef tm = target_machine(true, options->opt_level, diags);
    if (!tm)
        return NULL;
    timings_mark(options->timings, "target");
    LLVMContextRef ctx = LLVMContextCreate();
    /* Optimised runs look up only the entry, so the rest is internal (-O0
     * keeps every function visible and unoptimised). */
    CgOptions cg_options = {.target_machine = tm,
                            .local_private_symbols = false,
                            .jit_internalize = options->opt_level > 0,
                            .jit_entry_func = entry_func,
                            .jit_keep_tests = entry_func == ALL_TESTS,
                            .exe_entry_func = UINT32_MAX,
                            .debug_info = options->gdb,
                            .debug_optimized = options->opt_level > 0,
                            .optimize = options->opt_level > 0};
    LLVMModuleRef module = cg_build_module(ctx, a, &cg_options, diags);
    bool ok = module != NULL;
    timings_mark(options->timings, "codegen");
    if (ok && options->artifact_done) /* jit_run has taken what it needs later */
        options->artifact_done(options->artifact_done_ctx);
    if (ok && options->opt_level > 0) {
        ok = cg_optimize(module, tm, options->opt_level, diags);
        timings_mark(options->timings, "optimize");
    }
    LLVMMemoryBufferRef object = NULL;
    if (ok) {
        char *message = NULL;
        if (LLVMTargetMachineEmitToMemoryBuffer(tm, module, LLVMObjectFile, &message, &object)) {
            diag_report(diags, SPAN_NONE, DIAG_E5020_JIT_COMPILE, arena_strdup(diags->arena, message));
            object = NULL;
        }
        LLVMDisposeMessage(message);
        timings_mark(options->timings, "emit");
    }
    if (module)
        LLVMDisposeModule(module);
    LLVMContextDispose(ctx);
    LLVMDisposeTargetMachine(tm);
    return object;
}

/* The cache's key for this run: the artifact, the options and the host. */
static void cache_key(const Artifact *a, uint32_t entry_func, const JitOptions *options,
                      uint8_t key[JIT_CACHE_KEY_BYTES])
{
    JitCacheKeyInputs in = {.tool_version = options->cache->tool_version,
                            .source_id = options->cache->source_id,
                            .opt_level = options->opt_level,
                            /* no mangled symbol starts with `<` */
                            .entry_symbol = entry_func == ALL_TESTS ? "<tests>" : a->funcs.items[entry_func]->symbol};
    jit_cache_key(a, options->sources, &in, key);
    jit_cache_key_hex(key, options->cache->key_hex);
}

/* The launcher's form of the entry (jit_cache.h), made once: a later
 * `run` of the same program then never loads LLVM (launch/launch.c). */
static void store_shared(const JitCache *cache, const uint8_t key[JIT_CACHE_KEY_BYTES], LLVMMemoryBufferRef object,
                         Timings *timings)
{
    if (!cache->shared || jit_cache_has_shared(cache->dir, key))
        return;
    jit_cache_store_shared(cache->dir, key, LLVMGetBufferStart(object), LLVMGetBufferSize(object), cache->limit);
    timings_mark(timings, "cache-shared");
}

/* The object code of 'a': from the cache when it holds this key, else
 * compiled (and stored). Either way the JIT links exactly these bytes, so a
 * hit runs the code a miss ran. */
static LLVMMemoryBufferRef object_code(const Artifact *a, uint32_t entry_func, const JitOptions *options,
                                       DiagList *diags)
{
    /* gdb's JIT interface needs DWARF in the code, which a cached object lacks */
    JitCache *cache = options->cache && options->cache->dir && !options->gdb ? options->cache : NULL;
    if (options->cache)
        options->cache->outcome = JIT_CACHE_OFF;
    uint8_t key[JIT_CACHE_KEY_BYTES];
    bool corrupt = false;
    if (cache) {
        cache_key(a, entry_func, options, key);
        timings_mark(options->timings, "cache-key");
        void *data = NULL;
        size_t size = 0;
        switch (jit_cache_load(cache->dir, key, &data, &size)) {
        case JIT_CACHE_LOAD_HIT: {
            LLVMMemoryBufferRef object = LLVMCreateMemoryBufferWithMemoryRangeCopy(data, size, "beskid-cached");
            free(data);
            cache->outcome = JIT_CACHE_HIT;
            timings_mark(options->timings, "cache-hit");
            store_shared(cache, key, object, options->timings);
            return object;
        }
        case JIT_CACHE_LOAD_CORRUPT: corrupt = true; break;
        case JIT_CACHE_LOAD_MISS: break;
        }
    }
    LLVMMemoryBufferRef object = emit_object(a, entry_func, options, diags);
    if (object && cache) {
        bool stored = jit_cache_store(cache->dir, key, LLVMGetBufferStart(object), LLVMGetBufferSize(object),
                                      cache->limit);
        cache->outcome = !stored ? JIT_CACHE_UNWRITABLE : corrupt ? JIT_CACHE_REBUILT : JIT_CACHE_STORED;
        timings_mark(options->timings, "cache-store");
        if (stored)
            store_shared(cache, key, object, options->timings);
    }
    return object;
}

/* Compiles 'a' (or takes its object code from the cache) and links it into
 * a fresh LLJIT; on success '*jit_out' owns everything. The code is
 * generated for the host CPU and features at the -O level's CodeGen level,
 * as `build --release` generates it. */
static bool compile(const Artifact *a, uint32_t entry_func, const JitOptions *options, JitLayerOptions *layer,
                    DiagList *diags, LLVMOrcLLJITRef *jit_out)
{
    /* Foreign functions first: a denied or missing one stops before any code is made. */
    uint32_t extern_count = a->extern_imports.count;
    uint64_t *externs = ARENA_ARRAY(diags->arena, uint64_t, extern_count + 1);
    if (!jit_resolve_externs(a, diags, externs))
        return false;
    LLVMMemoryBufferRef object = object_code(a, entry_func, options, diags);
    if (!object)
        return false;
    LLVMTargetMachineRef tm = target_machine(false, 0, diags);
    if (!tm) {
        LLVMDisposeMemoryBuffer(object);
        return false;
    }

    /* Takes ownership of 'tm'. */
    LLVMOrcJITTargetMachineBuilderRef jtmb = LLVMOrcJITTargetMachineBuilderCreateFromTargetMachine(tm);
    LLVMOrcLLJITBuilderRef builder = LLVMOrcCreateLLJITBuilder();
    LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(builder, jtmb);
    LLVMOrcLLJITBuilderSetObjectLinkingLayerCreator(builder, jit_memory_object_layer, layer);
    LLVMOrcLLJITRef jit = NULL;
    LLVMErrorRef error = LLVMOrcCreateLLJIT(&jit, builder);
    if (error) {
        LLVMDisposeMemoryBuffer(object);
        return report_error(diags, error);
    }
    timings_mark(options->timings, "lljit");
    if (layer->perf)
        LLVMOrcObjectTransformLayerSetTransform(LLVMOrcLLJITGetObjTransformLayer(jit), jit_perf_transform,
                                                layer->perf);
    LLVMOrcJITDylibRef jd = LLVMOrcLLJITGetMainJITDylib(jit);
    if (!define_runtime(jit, jd, diags)) {
        LLVMDisposeMemoryBuffer(object);
        LLVMConsumeError(LLVMOrcDisposeLLJIT(jit));
        return false;
    }
    /* (an artifact with foreign functions is still alive: JitOptions.artifact_done) */
    error = extern_count ? jit_define_externs(jit, jd, a, externs) : NULL;
    if (error) {
        report_error(diags, error);
        LLVMDisposeMemoryBuffer(object);
        LLVMConsumeError(LLVMOrcDisposeLLJIT(jit));
        return false;
    }
    /* Takes ownership of 'object'. */
    error = LLVMOrcLLJITAddObjectFile(jit, jd, object);
    if (error) {
        report_error(diags, error);
        LLVMConsumeError(LLVMOrcDisposeLLJIT(jit));
        return false;
    }
    *jit_out = jit;
    return true;
}

bool jit_run(const Artifact *a, const JitOptions *options, DiagList *diags, FILE *out)
{
    const char *name = options->entrypoint ? options->entrypoint : "main";
    const IrEntry *entry = NULL;
    if (!resolve_entry(a, name, diags, &entry))
        return false;
    BSK_ASSERT(entry->func < a->funcs.count);
    LLVMOrcLLJITRef jit = NULL;
    bool backtrace = beskid_rt_backtrace_enabled();
    JitPerfMap *perf = options->perf_map || backtrace ? jit_perf_new(a, options->perf_map, backtrace) : NULL;
    JitLayerOptions layer = {.perf = perf, .gdb = options->gdb};
    /* What is read after code generation, kept where the artifact may go. */
    const char *symbol = arena_strdup(diags->arena, a->funcs.items[entry->func]->symbol);
    IrResultKind result = entry->result;
    JitOptions own = *options;
    if (perf || options->gdb || a->extern_imports.count)
        own.artifact_done = NULL;
    if (!compile(a, entry->func, &own, &layer, diags, &jit)) {
        jit_perf_free(perf);
        return false;
    }
    a = NULL;
    entry = NULL;
    LLVMOrcExecutorAddress address = 0;
    LLVMErrorRef error = LLVMOrcLLJITLookup(jit, &address, symbol);
    if (error) {
        report_error(diags, error);
        LLVMConsumeError(LLVMOrcDisposeLLJIT(jit));
        jit_perf_free(perf);
        return false;
    }
    timings_mark(options->timings, "materialize");
    jit_entry_call_and_print(address, result, out, options->timings);
    timings_mark(options->timings, "execute");
#ifdef BESKID_FAST_EXIT
    /* `run` ends right after this: the optimised compiler leaves the JIT's
     * memory to the process exit (main.c); the perf map still gets closed. */
    if (!perf)
        return true;
#endif
    error = LLVMOrcDisposeLLJIT(jit);
    jit_perf_free(perf); /* after the memory manager that reported to it */
    timings_mark(options->timings, "dispose");
    if (error)
        return report_error(diags, error);
    return true;
}

bool jit_tests_compile(const Artifact *a, const JitOptions *options, DiagList *diags, JitTests *out)
{
    out->jit = NULL;
    /* No perf map and no gdb registration (the code runs in child
     * processes); it must outlive the LLJIT, and nothing writes to it. */
    static const JitLayerOptions no_layer = {0};
    LLVMOrcLLJITRef jit = NULL;
    if (!compile(a, ALL_TESTS, options, (JitLayerOptions *)&no_layer, diags, &jit))
        return false;
    out->jit = jit;
    return true;
}

uint64_t jit_tests_address(const JitTests *tests, const Artifact *a, uint32_t entry, DiagList *diags)
{
    BSK_ASSERT(entry < a->entries.count && a->entries.items[entry].func < a->funcs.count);
    LLVMOrcExecutorAddress address = 0;
    LLVMErrorRef error =
        LLVMOrcLLJITLookup(tests->jit, &address, a->funcs.items[a->entries.items[entry].func]->symbol);
    if (error) {
        report_error(diags, error);
        return 0;
    }
    return address;
}

void jit_tests_call(uint64_t address)
{
    jit_entry_call_unit(address);
}

bool jit_tests_free(JitTests *tests, DiagList *diags)
{
    if (!tests->jit)
        return true;
    LLVMErrorRef error = LLVMOrcDisposeLLJIT(tests->jit);
    tests->jit = NULL;
    return error ? report_error(diags, error) : true;
}
