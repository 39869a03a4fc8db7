/* support/host_id.c: CPU identity (CPUID / auxv) and ELF build ids. */
#include "support/host_id.h"

#include <elf.h>
#include <fcntl.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/utsname.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

typedef struct IdWriter {
    uint8_t *out;
    size_t cap, len;
} IdWriter;

static void put(IdWriter *w, const void *data, size_t size)
{
    size_t n = size < w->cap - w->len ? size : w->cap - w->len;
    memcpy(w->out + w->len, data, n);
    w->len += n;
}

#if defined(__x86_64__) || defined(__i386__)
static void put_leaf(IdWriter *w, unsigned max, unsigned leaf, unsigned sub, uint32_t ebx_mask)
{
    uint32_t r[4] = {0, 0, 0, 0};
    if (leaf <= max)
        __cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
    r[1] &= ebx_mask;
    put(w, &leaf, sizeof leaf);
    put(w, r, sizeof r);
}
#endif

size_t host_cpu_id(uint8_t *out, size_t cap)
{
    IdWriter w = {out, cap, 0};
#if defined(__x86_64__) || defined(__i386__)
    unsigned max = __get_cpuid_max(0, NULL);
    unsigned ext = __get_cpuid_max(0x80000000u, NULL);
    put_leaf(&w, max, 0, 0, ~0u); /* vendor */
    /* leaf 1: family/model/stepping and features; EBX[31:24] is the APIC id
     * of the core this runs on, which must not change the key */
    put_leaf(&w, max, 1, 0, 0x00ffffffu);
    put_leaf(&w, max, 7, 0, ~0u);
    put_leaf(&w, max, 7, 1, ~0u);
    put_leaf(&w, max, 0xd, 1, ~0u);
    put_leaf(&w, max, 0x14, 0, ~0u);
    put_leaf(&w, max, 0x19, 0, ~0u);
    put_leaf(&w, max, 0x24, 0, ~0u);
    put_leaf(&w, ext, 0x80000001u, 0, ~0u);
    put_leaf(&w, ext, 0x80000008u, 0, ~0u);
    uint32_t ecx1 = 0, unused = 0;
    __cpuid(1, unused, unused, ecx1, unused);
    if (ecx1 & (1u << 27)) { /* OSXSAVE: which register states the OS saves (AVX, AVX-512) */
        uint32_t lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        put(&w, &lo, sizeof lo);
        put(&w, &hi, sizeof hi);
    }
#else
    unsigned long caps[2] = {getauxval(AT_HWCAP), getauxval(AT_HWCAP2)};
    put(&w, caps, sizeof caps);
    const char *platform = (const char *)getauxval(AT_PLATFORM);
    if (platform)
        put(&w, platform, strlen(platform));
#endif
    struct utsname u;
    if (uname(&u) == 0)
        put(&w, u.machine, strlen(u.machine));
    return w.len;
}

static int pread_all(int fd, void *buf, size_t size, off_t at)
{
    return pread(fd, buf, size, at) == (ssize_t)size;
}

size_t host_elf_build_id(const char *path, uint8_t *out, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    size_t found = 0;
    Elf64_Ehdr eh;
    if (!pread_all(fd, &eh, sizeof eh, 0) || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
        eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum > 64)
        goto done;
    for (unsigned i = 0; i < eh.e_phnum && !found; i++) {
        Elf64_Phdr ph;
        if (!pread_all(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + i * sizeof ph)))
            goto done;
        if (ph.p_type != PT_NOTE || ph.p_filesz > 4096)
            continue;
        uint8_t notes[4096];
        if (!pread_all(fd, notes, ph.p_filesz, (off_t)ph.p_offset))
            goto done;
        for (size_t p = 0; p + sizeof(Elf64_Nhdr) <= ph.p_filesz;) {
            const Elf64_Nhdr *note = (const Elf64_Nhdr *)(notes + p);
            size_t name = p + sizeof *note;
            size_t desc = name + ((note->n_namesz + 3) & ~3u);
            if (desc + note->n_descsz > ph.p_filesz)
                break;
            if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && memcmp(notes + name, "GNU", 4) == 0) {
                found = note->n_descsz < cap ? note->n_descsz : cap;
                memcpy(out, notes + desc, found);
                break;
            }
            p = desc + ((note->n_descsz + 3) & ~3u);
        }
    }
done:
    close(fd);
    return found;
}
