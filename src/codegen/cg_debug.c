/* codegen/cg_debug.c: what generated code knows about the Beskid source —
 * the location records panics print (issue 12: " --> file:line:col"). Spans
 * are turned into lines and columns here, through the artifact's SourceMap. */
#include <string.h>

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

void cg_panic_location(Codegen *cg, Span loc)
{
    uint32_t line, col;
    if (!cg_line_col(cg, loc, &line, &col))
        return;
    LLVMTypeRef i32 = LLVMInt32TypeInContext(cg->ctx);
    LLVMValueRef fields[3] = {file_name(cg, loc.file), LLVMConstInt(i32, line, false), LLVMConstInt(i32, col, false)};
    LLVMValueRef init = LLVMConstStructInContext(cg->ctx, fields, 3, false);
    BSK_ASSERT(ABI_LOC_LINE == 8 && ABI_LOC_COL == 12 && ABI_LOC_BYTES == 16);
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
