/* backend/jit/jit_memory.c: where the JIT puts compiled code and data
 * (issue 11 item 4). Objects of the program point at it: word 0 of every
 * object holds a type descriptor's address, closures and vtables code
 * addresses, fields the constant string objects of literals. When those
 * addresses fall inside the collector's heap range (LLVM's default memory
 * comes from mmap, among the collector's own mappings) marking looks each one
 * up and blacklists it (GC_header_cache_miss, GC_add_to_black_list_stack: 8.6%
 * of `run` trees). So every section is mapped in the low 2 GiB (MAP_32BIT),
 * below the collector's mappings as they are in an executable, where the
 * collector rejects them with one comparison. Code and data stay within 2 GiB
 * of each other, as the small code model needs.
 *
 * RuntimeDyld asks for one allocation context per linked object; each context
 * owns its chunks (separate for code, read-only and writable data, since
 * their protections differ), seals them once the object is finalized and
 * unmaps them when the JIT is disposed. */
#include <llvm-c/ExecutionEngine.h>
#include <llvm-c/OrcEE.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "backend/jit/jit_internal.h"
#include "support/arena.h"

#ifndef MAP_32BIT
#define MAP_32BIT 0 /* other targets: wherever the kernel puts it */
#endif

enum { CHUNK_CODE, CHUNK_RODATA, CHUNK_DATA, CHUNK_KINDS };

typedef struct Chunk {
    uint8_t *base;
    size_t size, used;
    int kind;
    bool sealed; /* protections applied: never allocated from again */
    struct Chunk *next;
} Chunk;

typedef struct JitMemory {
    Arena *arena; /* holds this struct and the chunk records */
    Chunk *chunks;
    JitPerfMap *perf; /* NULL unless a perf map is written */
} JitMemory;

#define CHUNK_MIN ((size_t)64 * 1024)

static void *create_context(void *perf_map)
{
    Arena *arena = arena_new();
    JitMemory *m = ARENA_NEW(arena, JitMemory);
    m->arena = arena;
    m->chunks = NULL;
    m->perf = perf_map;
    return m;
}

static void notify_terminating(void *unused)
{
    (void)unused;
}

static uint8_t *allocate(JitMemory *m, uintptr_t size, unsigned alignment, int kind)
{
    size_t align = alignment ? alignment : 16;
    for (Chunk *c = m->chunks; c; c = c->next) {
        if (c->kind != kind || c->sealed)
            continue;
        size_t at = (c->used + align - 1) / align * align;
        if (at + size <= c->size) {
            c->used = at + size;
            return c->base + at;
        }
    }
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t want = (size + align + page - 1) / page * page;
    if (want < CHUNK_MIN)
        want = CHUNK_MIN;
    void *base = mmap(NULL, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (base == MAP_FAILED) /* low memory exhausted: anywhere is still correct, only slower */
        base = mmap(NULL, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
        return NULL;
    Chunk *c = ARENA_NEW(m->arena, Chunk);
    *c = (Chunk){.base = base, .size = want, .used = size, .kind = kind, .sealed = false, .next = m->chunks};
    m->chunks = c;
    return c->base; /* page aligned: any alignment up to a page */
}

static uint8_t *allocate_code(void *ctx, uintptr_t size, unsigned alignment, unsigned section_id, const char *name)
{
    (void)section_id;
    JitMemory *m = ctx;
    uint8_t *code = allocate(m, size, alignment, CHUNK_CODE);
    if (code && m->perf)
        jit_perf_section(m->perf, name, code);
    return code;
}

static uint8_t *allocate_data(void *ctx, uintptr_t size, unsigned alignment, unsigned section_id, const char *name,
                              LLVMBool read_only)
{
    (void)section_id;
    (void)name;
    return allocate(ctx, size, alignment, read_only ? CHUNK_RODATA : CHUNK_DATA);
}

/* Returns true on failure (RuntimeDyld's convention). */
static LLVMBool finalize(void *ctx, char **error)
{
    (void)error;
    JitMemory *m = ctx;
    for (Chunk *c = m->chunks; c; c = c->next) {
        if (c->sealed)
            continue;
        c->sealed = true;
        int prot = c->kind == CHUNK_CODE ? PROT_READ | PROT_EXEC : c->kind == CHUNK_RODATA ? PROT_READ
                                                                                            : PROT_READ | PROT_WRITE;
        if (mprotect(c->base, c->size, prot) != 0)
            return 1;
    }
    if (m->perf)
        jit_perf_finalized(m->perf);
    return 0;
}

static void destroy(void *ctx)
{
    JitMemory *m = ctx;
    for (Chunk *c = m->chunks; c; c = c->next)
        munmap(c->base, c->size);
    arena_free(m->arena);
}

LLVMOrcObjectLayerRef jit_memory_object_layer(void *layer_options, LLVMOrcExecutionSessionRef session,
                                              const char *triple)
{
    (void)triple;
    const JitLayerOptions *options = layer_options;
    LLVMOrcObjectLayerRef layer = LLVMOrcCreateRTDyldObjectLinkingLayerWithMCJITMemoryManagerLikeCallbacks(
        session, options->perf, create_context, notify_terminating, allocate_code, allocate_data, finalize, destroy);
    /* gdb's JIT interface (__jit_debug_register_code): a process-wide
     * listener that gives gdb each object, its DWARF relocated to where the
     * sections were loaded. */
    if (options->gdb)
        LLVMOrcRTDyldObjectLinkingLayerRegisterJITEventListener(layer, LLVMCreateGDBRegistrationListener());
    return layer;
}
