/* rt_backtrace.c: the Beskid backtrace a panic prints when BESKID_BACKTRACE=1
 * (issue 12 item 4), after the "panic:" line and its location:
 *
 *     backtrace:
 *        0: app::lookup
 *        1: main
 *
 * The stack is walked by the platform unwinder (_Unwind_Backtrace over the
 * .eh_frame LLVM emits for every function). Each return address is named by
 * the Beskid function holding it; frames of the runtime, libc or a C host are
 * left out, and a function inlined into its caller has no frame of its own.
 * Names come from one of two places:
 *   - code the JIT made: ranges the compiler registered with
 *     beskid_rt_backtrace_add (qualified names, from the object it linked);
 *   - code in an ELF file (an executable or a shared library that beskid
 *     built): that file's symbol table, read at panic time, whose Beskid
 *     symbols (`_B…`, backends.md §2.6) are demangled to their path.
 * Global state: the JIT's ranges (written before the program starts, read
 * when it panics). The stack-overflow panic prints no backtrace (it runs on
 * the signal stack, where walking millions of frames is no help). */
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unwind.h>

#include "rt_internal.h"

enum { MAX_FRAMES = 64, NAME_MAX_BYTES = 256 };

typedef struct JitRange {
    uintptr_t start, size;
    const char *name;
} JitRange;

static JitRange *jit_ranges;
static size_t jit_count, jit_cap;

void beskid_rt_backtrace_add(uintptr_t start, uintptr_t size, const char *name)
{
    if (jit_count == jit_cap) {
        size_t cap = jit_cap ? jit_cap * 2 : 64;
        JitRange *grown = realloc(jit_ranges, cap * sizeof *grown);
        if (!grown)
            return; /* a backtrace with fewer names, never a failure */
        jit_ranges = grown;
        jit_cap = cap;
    }
    jit_ranges[jit_count++] = (JitRange){start, size, name};
}

bool beskid_rt_backtrace_enabled(void)
{
    const char *v = getenv("BESKID_BACKTRACE");
    return v && v[0] && strcmp(v, "0") != 0;
}

typedef struct Walk {
    uintptr_t pcs[MAX_FRAMES];
    int count;
    bool truncated;
} Walk;

static _Unwind_Reason_Code collect(struct _Unwind_Context *context, void *arg)
{
    Walk *w = arg;
    if (w->count == MAX_FRAMES) {
        w->truncated = true;
        return _URC_END_OF_STACK;
    }
    int before_insn = 0;
    uintptr_t pc = _Unwind_GetIPInfo(context, &before_insn);
    if (pc == 0)
        return _URC_END_OF_STACK;
    /* A return address names the instruction after the call: step back
     * into the call (unless this is a signal frame's exact address). */
    w->pcs[w->count++] = before_insn ? pc : pc - 1;
    return _URC_NO_REASON;
}

/* `_B 4main F …` → "main"; `_B 3app 6lookup F …` → "app::lookup". */
static bool demangle(const char *symbol, char *out, size_t cap)
{
    if (symbol[0] != '_' || symbol[1] != 'B')
        return false;
    const char *p = symbol + 2;
    size_t used = 0;
    int segs = 0;
    while (*p >= '1' && *p <= '9') {
        size_t len = 0;
        while (*p >= '0' && *p <= '9')
            len = len * 10 + (size_t)(*p++ - '0');
        if (strnlen(p, len) < len || used + len + 3 > cap)
            return false;
        if (segs++ > 0) {
            memcpy(out + used, "::", 2);
            used += 2;
        }
        memcpy(out + used, p, len);
        used += len;
        p += len;
    }
    out[used] = '\0';
    return segs > 0;
}

static const char *jit_name(uintptr_t pc)
{
    for (size_t i = 0; i < jit_count; i++)
        if (pc >= jit_ranges[i].start && pc - jit_ranges[i].start < jit_ranges[i].size)
            return jit_ranges[i].name;
    return NULL;
}

/* The Beskid function of the ELF file 'path' (loaded at 'bias') holding
 * 'pc', from the file's .symtab; '*entry_body' says it is the body an
 * executable's C main runs (cg_module.c). The file is mapped for the lookup
 * only. */
static bool elf_name(const char *path, uintptr_t bias, uintptr_t pc, char *out, size_t cap, bool *entry_body)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    bool found = false;
    if (fstat(fd, &st) == 0 && (size_t)st.st_size >= sizeof(Elf64_Ehdr)) {
        size_t size = (size_t)st.st_size;
        const uint8_t *file = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (file != MAP_FAILED) {
            const Elf64_Ehdr *eh = (const void *)file;
            bool sane = memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_ident[EI_CLASS] == ELFCLASS64 &&
                        eh->e_shentsize == sizeof(Elf64_Shdr) && eh->e_shoff < size &&
                        (size - eh->e_shoff) / sizeof(Elf64_Shdr) >= eh->e_shnum;
            const Elf64_Shdr *sh = sane ? (const void *)(file + eh->e_shoff) : NULL;
            /* A position-dependent executable's symbols are absolute;
             * anything else is relative to where the file was loaded. */
            uintptr_t addr = sane && eh->e_type == ET_EXEC ? pc : pc - bias;
            for (unsigned i = 0; sane && !found && i < eh->e_shnum; i++) {
                if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
                    continue;
                const Elf64_Shdr *strs = &sh[sh[i].sh_link];
                if (sh[i].sh_offset > size || sh[i].sh_size > size - sh[i].sh_offset ||
                    strs->sh_offset > size || strs->sh_size > size - strs->sh_offset)
                    continue;
                const Elf64_Sym *syms = (const void *)(file + sh[i].sh_offset);
                const char *names = (const char *)file + strs->sh_offset;
                size_t count = sh[i].sh_size / sizeof(Elf64_Sym);
                for (size_t k = 0; k < count; k++) {
                    const Elf64_Sym *s = &syms[k];
                    if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || addr < s->st_value ||
                        addr - s->st_value >= s->st_size || s->st_name >= strs->sh_size)
                        continue;
                    const char *symbol = names + s->st_name;
                    if (strnlen(symbol, strs->sh_size - s->st_name) == strs->sh_size - s->st_name)
                        continue; /* not terminated inside the table */
                    found = demangle(symbol, out, cap);
                    size_t len = strlen(symbol);
                    *entry_body = len > 6 && strcmp(symbol + len - 6, ".entry") == 0;
                    break;
                }
            }
            munmap((void *)file, size);
        }
    }
    close(fd);
    return found;
}

static bool frame_name(uintptr_t pc, char *out, size_t cap, bool *entry_body)
{
    const char *name = jit_name(pc);
    if (name) {
        snprintf(out, cap, "%s", name);
        return true;
    }
    Dl_info info;
    if (!dladdr((void *)pc, &info) || !info.dli_fname)
        return false;
    /* The main program is "" in some loaders: read it through /proc. */
    const char *path = info.dli_fname[0] ? info.dli_fname : "/proc/self/exe";
    return elf_name(path, (uintptr_t)info.dli_fbase, pc, out, cap, entry_body);
}

void rt_backtrace_print(void)
{
    Walk walk = {.count = 0};
    _Unwind_Backtrace(collect, &walk);
    fputs("backtrace:\n", stderr);
    int shown = 0;
    char name[NAME_MAX_BYTES];
    char last[NAME_MAX_BYTES] = "";
    for (int i = 0; i < walk.count; i++) {
        bool entry_body = false;
        if (!frame_name(walk.pcs[i], name, sizeof name, &entry_body))
            continue;
        /* The executable's `<entry>.entry` body calling the entry is one
         * frame for the reader; it stands alone only with the entry inlined. */
        if (entry_body && strcmp(name, last) == 0)
            continue;
        fprintf(stderr, "  %3d: %s\n", shown++, name);
        memcpy(last, name, sizeof last);
    }
    if (shown == 0)
        fputs("  (no Beskid frames: the code has no symbols)\n", stderr);
    if (walk.truncated)
        fprintf(stderr, "  … (only the innermost %d frames are shown)\n", MAX_FRAMES);
    fflush(stderr);
}
