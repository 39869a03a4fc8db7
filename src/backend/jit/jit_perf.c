/* backend/jit/jit_perf.c: where each compiled function of `beskid run` went
 * (issue 12 item 4). With BESKID_PERF_MAP=1, /tmp/perf-PID.map gets one line
 * per function, "START SIZE NAME" (hex address, hex size, the Beskid qualified
 * name), the format perf reads for code without an ELF file; with
 * BESKID_BACKTRACE=1 the runtime learns the same ranges, to name the frames
 * of a panic's backtrace.
 *
 * Two halves meet here. Before RuntimeDyld links an object, the object
 * transform layer hands it over: its function symbols are noted as (section,
 * offset, size, name). While linking, the memory manager (jit_memory.c) says
 * where each code section went; once the object is finalized the lines are
 * written. */
#include <inttypes.h>
#include <llvm-c/Core.h>
#include <llvm-c/Object.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/jit/jit_internal.h"
#include "beskid_rt.h"
#include "support/arena.h"
#include "support/vec.h"

typedef struct PerfSymbol {
    const char *section;
    uint64_t offset, size;
    const char *name; /* Beskid name, else the symbol */
} PerfSymbol;

typedef struct PerfSection {
    const char *name;
    uint64_t address;
} PerfSection;

typedef struct SymbolName {
    const char *symbol;
    const char *name;
} SymbolName;

struct JitPerfMap {
    Arena *arena;
    bool file;      /* write /tmp/perf-PID.map */
    bool backtrace; /* name the code for the runtime's BESKID_BACKTRACE */
    SymbolName *names; /* the artifact's functions, sorted by symbol */
    uint32_t name_count;
    VEC(PerfSymbol) pending;
    VEC(PerfSection) sections;
};

static int by_symbol(const void *a, const void *b)
{
    return strcmp(((const SymbolName *)a)->symbol, ((const SymbolName *)b)->symbol);
}

JitPerfMap *jit_perf_new(const Artifact *a, bool file, bool backtrace)
{
    Arena *arena = arena_new();
    JitPerfMap *p = ARENA_NEW(arena, JitPerfMap);
    memset(p, 0, sizeof *p);
    p->arena = arena;
    p->file = file;
    p->backtrace = backtrace;
    p->names = ARENA_ARRAY(arena, SymbolName, a->funcs.count + 1);
    for (uint32_t i = 0; i < a->funcs.count; i++) {
        const IrFunc *f = a->funcs.items[i];
        const char *name = f->qualified_name ? f->qualified_name : f->source_name ? f->source_name : f->symbol;
        p->names[p->name_count++] = (SymbolName){f->symbol, name};
    }
    qsort(p->names, p->name_count, sizeof *p->names, by_symbol);
    return p;
}

void jit_perf_free(JitPerfMap *p)
{
    if (p)
        arena_free(p->arena);
}

static const char *beskid_name(const JitPerfMap *p, const char *symbol)
{
    SymbolName key = {symbol, NULL};
    const SymbolName *found = bsearch(&key, p->names, p->name_count, sizeof *p->names, by_symbol);
    return found ? found->name : symbol;
}

LLVMErrorRef jit_perf_transform(void *ctx, LLVMMemoryBufferRef *object)
{
    JitPerfMap *p = ctx;
    char *message = NULL;
    LLVMBinaryRef binary = LLVMCreateBinary(*object, NULL, &message);
    if (!binary) { /* the linker will report it; the map just misses it */
        LLVMDisposeMessage(message);
        return NULL;
    }
    LLVMSectionIteratorRef sect = LLVMObjectFileCopySectionIterator(binary);
    LLVMSymbolIteratorRef sym = LLVMObjectFileCopySymbolIterator(binary);
    for (; !LLVMObjectFileIsSymbolIteratorAtEnd(binary, sym); LLVMMoveToNextSymbol(sym)) {
        uint64_t size = LLVMGetSymbolSize(sym);
        const char *symbol = LLVMGetSymbolName(sym);
        if (size == 0 || !symbol || !*symbol)
            continue;
        LLVMMoveToContainingSection(sect, sym);
        if (LLVMObjectFileIsSectionIteratorAtEnd(binary, sect))
            continue;
        const char *section = LLVMGetSectionName(sect);
        if (!section || strncmp(section, ".text", 5) != 0) /* code only */
            continue;
        PerfSymbol s = {arena_strdup(p->arena, section), LLVMGetSymbolAddress(sym), size,
                        arena_strdup(p->arena, beskid_name(p, symbol))};
        VEC_PUSH(p->arena, &p->pending, s);
    }
    LLVMDisposeSymbolIterator(sym);
    LLVMDisposeSectionIterator(sect);
    LLVMDisposeBinary(binary);
    return NULL;
}

void jit_perf_section(JitPerfMap *p, const char *name, const uint8_t *address)
{
    PerfSection s = {arena_strdup(p->arena, name ? name : ""), (uint64_t)(uintptr_t)address};
    VEC_PUSH(p->arena, &p->sections, s);
}

void jit_perf_finalized(JitPerfMap *p)
{
    if (p->pending.count == 0)
        return;
    char path[64];
    snprintf(path, sizeof path, "/tmp/perf-%ld.map", (long)getpid());
    FILE *out = p->file ? fopen(path, "a") : NULL;
    for (uint32_t i = 0; i < p->pending.count; i++) {
        const PerfSymbol *s = &p->pending.items[i];
        /* The last section of that name: this object's. */
        for (uint32_t k = p->sections.count; k-- > 0;)
            if (strcmp(p->sections.items[k].name, s->section) == 0) {
                uint64_t start = p->sections.items[k].address + s->offset;
                if (out)
                    fprintf(out, "%" PRIx64 " %" PRIx64 " %s\n", start, s->size, s->name);
                if (p->backtrace)
                    beskid_rt_backtrace_add((uintptr_t)start, (uintptr_t)s->size, s->name);
                break;
            }
    }
    if (out)
        fclose(out);
    p->pending.count = 0;
    p->sections.count = 0;
}
