/* codegen/cg_debug.c: what generated code knows about the Beskid source —
 * the location records panics print (issue 12: " --> file:line:col") and the
 * DWARF debug information of `build`. Spans are turned into lines and columns
 * here, through the artifact's SourceMap. */
#include <llvm-c/DebugInfo.h>
#include <string.h>
#include <unistd.h>

#include "abi/abi_layout.h"
#include "codegen/cg_internal.h"
#include "support/check.h"

/* Line and column of 'loc', false when it names no file of the artifact. */
bool cg_line_col(const Codegen *cg, Span loc, uint32_t *line, uint32_t *col)
{
    const SourceMap *map = cg->artifact->sources;
    if (!map || loc.file == SPAN_NO_FILE || loc.file >= map->count)
        return false;
    const SourceFile *file = source_file(map, loc.file);
    if (loc.start > file->len)
        return false;
    source_line_col(file, loc.start, line, col);
    return true;
}

/* The NUL-terminated path of source file 'file', one constant per file. */
static LLVMValueRef file_name(Codegen *cg, uint32_t file)
{
    const SourceMap *map = cg->artifact->sources;
    BSK_ASSERT(cg->file_names && file < map->count);
    if (!cg->file_names[file]) {
        const char *path = source_file(map, file)->path;
        LLVMValueRef init = LLVMConstStringInContext2(cg->ctx, path, strlen(path), false);
        LLVMValueRef global = LLVMAddGlobal(cg->module, LLVMTypeOf(init), "beskid.file");
        LLVMSetInitializer(global, init);
        LLVMSetGlobalConstant(global, true);
        LLVMSetLinkage(global, LLVMPrivateLinkage);
        LLVMSetUnnamedAddress(global, LLVMGlobalUnnamedAddr);
        LLVMSetAlignment(global, 1);
        cg->file_names[file] = global;
    }
    return cg->file_names[file];
}

/* The record is the unpadded struct {ptr, i32, i32}. */
_Static_assert(ABI_LOC_FILE == 0 && ABI_LOC_LINE == ABI_WORD && ABI_LOC_COL == ABI_WORD + 4 &&
                   ABI_LOC_BYTES == ABI_WORD + 8,
               "BeskidSourceLoc is {ptr, i32, i32}");

void cg_panic_location(Codegen *cg, Span loc)
{
    uint32_t line, col;
    if (!cg_line_col(cg, loc, &line, &col))
        return;
    LLVMTypeRef i32 = LLVMInt32TypeInContext(cg->ctx);
    LLVMValueRef fields[3] = {file_name(cg, loc.file), LLVMConstInt(i32, line, false), LLVMConstInt(i32, col, false)};
    LLVMValueRef init = LLVMConstStructInContext(cg->ctx, fields, 3, false);
    LLVMValueRef record = LLVMAddGlobal(cg->module, LLVMTypeOf(init), "beskid.loc");
    LLVMSetInitializer(record, init);
    LLVMSetGlobalConstant(record, true);
    LLVMSetLinkage(record, LLVMPrivateLinkage);
    LLVMSetUnnamedAddress(record, LLVMGlobalUnnamedAddr);
    LLVMSetAlignment(record, ABI_WORD);
    LLVMTypeRef type;
    LLVMValueRef fn = cg_runtime_func(cg, IR_RT_PANIC_LOCATION, &type);
    LLVMBuildCall2(cg->builder, type, fn, &record, 1, "");
}

/* ---- DWARF (CgOptions.debug_info) ----
 * One compile unit (language C, so a debugger evaluates expressions over the
 * locals), one DIFile per source file, a subprogram per function named by its
 * Beskid qualified name (no linkage name, or gdb's `bt` would show the mangled
 * symbol instead), a location on every instruction (synthetic ones keep the previous location), and the
 * locals' stack slots declared as variables. */

static void add_flag(Codegen *cg, const char *name, unsigned value)
{
    LLVMValueRef v = LLVMConstInt(LLVMInt32TypeInContext(cg->ctx), value, false);
    LLVMAddModuleFlag(cg->module, LLVMModuleFlagBehaviorWarning, name, strlen(name), LLVMValueAsMetadata(v));
}

static LLVMMetadataRef make_file(Codegen *cg, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *dir = slash ? arena_printf(cg->artifact->arena, "%.*s", (int)(slash - path), path) : ".";
    if (path[0] == '/' && slash == path)
        dir = "/";
    /* A relative path is relative to where the compiler ran, which a debugger
     * needs to find the file. */
    if (path[0] != '/') {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd))
            dir = slash ? arena_printf(cg->artifact->arena, "%s/%s", cwd, dir) : arena_strdup(cg->artifact->arena, cwd);
    }
    return LLVMDIBuilderCreateFile(cg->dib, name, strlen(name), dir, strlen(dir));
}

void cg_debug_begin(Codegen *cg)
{
    const SourceMap *map = cg->artifact->sources;
    if (!cg->options->debug_info || !map || map->count == 0)
        return;
    cg->dib = LLVMCreateDIBuilder(cg->module);
    cg->di_files = ARENA_ARRAY(cg->artifact->arena, LLVMMetadataRef, map->count);
    for (uint32_t i = 0; i < map->count; i++)
        cg->di_files[i] = make_file(cg, source_file(map, i)->path);
    const char *producer = "beskid";
    LLVMDIBuilderCreateCompileUnit(cg->dib, LLVMDWARFSourceLanguageC, cg->di_files[0], producer, strlen(producer),
                                   cg->options->debug_optimized, "", 0, 0, "", 0, LLVMDWARFEmissionFull, 0, false,
                                   false, "", 0, "", 0);
    add_flag(cg, "Debug Info Version", LLVMDebugMetadataVersion());
    add_flag(cg, "Dwarf Version", 4);
    static const struct {
        const char *name;
        unsigned bits;
        unsigned encoding; /* DW_ATE_* */
    } basic[] = {
        [IR_I8] = {"u8", 8, 0x08}, [IR_I32] = {"i32", 32, 0x05}, [IR_I64] = {"i64", 64, 0x05}, [IR_F64] = {"f64", 64, 0x04},
    };
    for (IrType t = IR_I8; t <= IR_F64; t++)
        cg->di_types[t] = LLVMDIBuilderCreateBasicType(cg->dib, basic[t].name, strlen(basic[t].name), basic[t].bits,
                                                       basic[t].encoding, LLVMDIFlagZero);
    cg->di_types[IR_PTR] = LLVMDIBuilderCreatePointerType(cg->dib, NULL, 64, 64, 0, "ptr", 3);
}

void cg_debug_end(Codegen *cg)
{
    if (!cg->dib)
        return;
    LLVMSetCurrentDebugLocation2(cg->builder, NULL);
    LLVMDIBuilderFinalize(cg->dib);
    LLVMDisposeDIBuilder(cg->dib);
    cg->dib = NULL;
}

static void set_location(Codegen *cg, uint32_t line, uint32_t col)
{
    LLVMMetadataRef loc = LLVMDIBuilderCreateDebugLocation(cg->ctx, line, col, cg->di_scope, NULL);
    LLVMSetCurrentDebugLocation2(cg->builder, loc);
}

/* The line where local 'index' is first assigned, else the function's. */
static uint32_t local_line(const Codegen *cg, uint32_t index, uint32_t fallback)
{
    const IrFunc *f = cg->func;
    for (uint32_t b = 0; b < f->blocks.count; b++)
        for (uint32_t i = 0; i < f->blocks.items[b].insts.count; i++) {
            const IrInst *inst = &f->blocks.items[b].insts.items[i];
            uint32_t line, col;
            if (inst->op == IR_OP_LOCAL_SET && inst->target == index && inst->loc.file == cg->di_file_index &&
                cg_line_col(cg, inst->loc, &line, &col))
                return line;
        }
    return fallback;
}

void cg_debug_func_begin(Codegen *cg)
{
    if (!cg->dib)
        return;
    const IrFunc *f = cg->func;
    Span where = f->span;
    uint32_t line = 0, col = 0;
    /* A synthetic function takes the file of its first located instruction. */
    for (uint32_t b = 0; where.file == SPAN_NO_FILE && b < f->blocks.count; b++)
        for (uint32_t i = 0; i < f->blocks.items[b].insts.count; i++)
            if (f->blocks.items[b].insts.items[i].loc.file != SPAN_NO_FILE) {
                where = f->blocks.items[b].insts.items[i].loc;
                break;
            }
    if (!cg_line_col(cg, where, &line, &col))
        where.file = 0;
    cg->di_file_index = where.file;
    LLVMMetadataRef file = cg->di_files[where.file];
    const char *name = f->qualified_name ? f->qualified_name : f->source_name ? f->source_name : f->symbol;
    LLVMMetadataRef type = LLVMDIBuilderCreateSubroutineType(cg->dib, file, NULL, 0, LLVMDIFlagZero);
    bool local = LLVMGetLinkage(cg->fn) == LLVMInternalLinkage;
    cg->di_scope = LLVMDIBuilderCreateFunction(cg->dib, file, name, strlen(name), "", 0, file,
                                               line, type, local, true, line, LLVMDIFlagPrototyped,
                                               cg->options->debug_optimized);
    LLVMSetSubprogram(cg->fn, cg->di_scope);
    set_location(cg, line, 0);
}

void cg_debug_locals(Codegen *cg, LLVMBasicBlockRef prologue)
{
    if (!cg->dib)
        return;
    const IrFunc *f = cg->func;
    LLVMMetadataRef file = cg->di_files[cg->di_file_index];
    unsigned fn_line = LLVMDISubprogramGetLine(cg->di_scope);
    LLVMMetadataRef expr = LLVMDIBuilderCreateExpression(cg->dib, NULL, 0);
    for (uint32_t i = 0; i < f->locals.count; i++) {
        const IrLocal *local = &f->locals.items[i];
        if (!local->name || local->type == IR_VOID)
            continue;
        uint32_t line = local_line(cg, i, fn_line);
        LLVMMetadataRef var = LLVMDIBuilderCreateAutoVariable(cg->dib, cg->di_scope, local->name, strlen(local->name),
                                                              file, line, cg->di_types[local->type], true,
                                                              LLVMDIFlagZero, 0);
        LLVMMetadataRef loc = LLVMDIBuilderCreateDebugLocation(cg->ctx, line, 0, cg->di_scope, NULL);
        LLVMDIBuilderInsertDeclareRecordAtEnd(cg->dib, cg->locals[i], var, expr, loc, prologue);
    }
}

void cg_debug_inst(Codegen *cg, const IrInst *inst)
{
    uint32_t line, col;
    if (cg->dib && inst->loc.file == cg->di_file_index && cg_line_col(cg, inst->loc, &line, &col))
        set_location(cg, line, col);
}

void cg_debug_func_end(Codegen *cg)
{
    if (!cg->dib)
        return;
    LLVMDIBuilderFinalizeSubprogram(cg->dib, cg->di_scope);
    LLVMSetCurrentDebugLocation2(cg->builder, NULL);
    cg->di_scope = NULL;
}
