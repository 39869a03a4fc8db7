/* backend/jit/jit_cache.c: keys (OpenSSL's SHA-256, docs/decisions.md) and
 * the entries on disk. See jit_cache.h for the scheme. */
#include "backend/jit/jit_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <llvm-c/Core.h>
/* The low-level SHA-256 (deprecated in OpenSSL 3, still maintained): the EVP
 * interface fetches its implementation from a provider on first use, which
 * costs 0.5-0.9 ms per process, a third of what a hit saves on a small
 * program. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "artifact/ir_print.h"
#include "beskid_rt.h"
#include "support/arena.h"
#include "support/vec.h"

#define ENTRY_SUFFIX ".bjo"
#define TEMP_SUFFIX ".tmp"
#define FORMAT_VERSION 1u
/* No object of ours is near this; a larger "entry" is not read into memory. */
#define MAX_PAYLOAD ((uint64_t)1 << 30)
/* A temporary file older than this belongs to a run that died mid-write. */
#define STALE_TEMP_SECONDS 600

static const char MAGIC[8] = {'B', 'S', 'K', 'J', 'I', 'T', 'C', '\n'};

/* The header of an entry, written as these bytes in host order (the key
 * names the host, so an entry never travels). */
typedef struct EntryHeader {
    char magic[8];
    uint32_t version;
    uint32_t header_size;
    uint64_t payload_size;
    uint8_t key[JIT_CACHE_KEY_BYTES];
    uint8_t checksum[JIT_CACHE_KEY_BYTES]; /* SHA-256 of the payload */
} EntryHeader;

/* ---- keys ---- */

static void digest_field(SHA256_CTX *md, const char *name, const void *data, size_t size)
{
    /* name, length, bytes: no two different inputs hash alike by accident */
    uint64_t len = size;
    SHA256_Update(md, name, strlen(name) + 1);
    SHA256_Update(md, &len, sizeof len);
    if (size)
        SHA256_Update(md, data, size);
}

static void digest_string(SHA256_CTX *md, const char *name, const char *s)
{
    digest_field(md, name, s ? s : "", s ? strlen(s) : 0);
}

static ssize_t digest_write(void *cookie, const char *buf, size_t size)
{
    SHA256_Update(cookie, buf, size);
    return (ssize_t)size;
}

/* The GNU build id of the running executable: it changes with every link of
 * beskid, so a rebuilt compiler never reuses code of an older one. */
static int find_build_id(struct dl_phdr_info *info, size_t size, void *out)
{
    (void)size;
    SHA256_CTX *md = out;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE)
            continue;
        const uint8_t *p = (const uint8_t *)(info->dlpi_addr + ph->p_vaddr);
        const uint8_t *end = p + ph->p_memsz;
        while (p + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *note = (const ElfW(Nhdr) *)p;
            const uint8_t *name = p + sizeof *note;
            const uint8_t *desc = name + ((note->n_namesz + 3) & ~3u);
            if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
                digest_field(md, "build-id", desc, note->n_descsz);
                return 1;
            }
            p = desc + ((note->n_descsz + 3) & ~3u);
        }
    }
    return 1; /* the first object is the executable: stop there */
}

void jit_cache_key(const Artifact *a, const SourceMap *map, const JitCacheKeyInputs *in,
                   uint8_t key[JIT_CACHE_KEY_BYTES])
{
    SHA256_CTX ctx, *md = &ctx;
    SHA256_Init(md);
    digest_string(md, "scheme", "beskid-jit-cache-1");
    digest_string(md, "version", in->tool_version);
    uint32_t abi = BESKID_RUNTIME_ABI_VERSION;
    digest_field(md, "abi", &abi, sizeof abi);
    unsigned llvm[3];
    LLVMGetVersion(&llvm[0], &llvm[1], &llvm[2]);
    digest_field(md, "llvm", llvm, sizeof llvm);
    dl_iterate_phdr(find_build_id, md);
    digest_string(md, "triple", in->triple);
    digest_string(md, "cpu", in->cpu);
    digest_string(md, "features", in->features);
    int32_t level = in->opt_level;
    digest_field(md, "opt", &level, sizeof level);
    digest_string(md, "entry", in->entry_symbol);
    uint8_t internalize = in->internalize;
    digest_field(md, "internalize", &internalize, 1);
    digest_string(md, "source", in->source_id);
    /* The text goes straight into the digest through a write-only stream. */
    digest_string(md, "artifact", NULL);
    FILE *text = fopencookie(md, "w", (cookie_io_functions_t){.write = digest_write});
    if (text) {
        setvbuf(text, NULL, _IOFBF, 1 << 16);
        ir_print(text, a, map, map ? IR_PRINT_LOCATIONS : IR_PRINT_DEFAULT);
        fclose(text);
    }
    SHA256_Final(key, md);
}

void jit_cache_key_hex(const uint8_t key[JIT_CACHE_KEY_BYTES], char out[2 * JIT_CACHE_KEY_BYTES + 1])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < JIT_CACHE_KEY_BYTES; i++) {
        out[2 * i] = digits[key[i] >> 4];
        out[2 * i + 1] = digits[key[i] & 15];
    }
    out[2 * JIT_CACHE_KEY_BYTES] = '\0';
}

/* ---- entries ---- */

static char *entry_path(const char *dir, const uint8_t key[JIT_CACHE_KEY_BYTES])
{
    char hex[2 * JIT_CACHE_KEY_BYTES + 1];
    jit_cache_key_hex(key, hex);
    size_t n = strlen(dir) + 1 + sizeof hex + sizeof ENTRY_SUFFIX;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s%s", dir, hex, ENTRY_SUFFIX);
    return path;
}

static bool read_all(int fd, void *buf, size_t size)
{
    uint8_t *p = buf;
    while (size) {
        ssize_t n = read(fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        size -= (size_t)n;
    }
    return true;
}

static bool write_all(int fd, const void *buf, size_t size)
{
    const uint8_t *p = buf;
    while (size) {
        ssize_t n = write(fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        size -= (size_t)n;
    }
    return true;
}

static void checksum(const void *data, size_t size, uint8_t out[JIT_CACHE_KEY_BYTES])
{
    SHA256_CTX md;
    SHA256_Init(&md);
    SHA256_Update(&md, data, size);
    SHA256_Final(out, &md);
}

/* Removes a bad entry unless another run has replaced it meanwhile. */
static void discard(const char *path, const struct stat *bad)
{
    struct stat now;
    if (stat(path, &now) == 0 && now.st_ino == bad->st_ino && now.st_dev == bad->st_dev)
        unlink(path);
}

JitCacheLoad jit_cache_load(const char *dir, const uint8_t key[JIT_CACHE_KEY_BYTES], void **data, size_t *size)
{
    char *path = entry_path(dir, key);
    if (!path)
        return JIT_CACHE_LOAD_MISS;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        free(path);
        return JIT_CACHE_LOAD_MISS;
    }
    struct stat st;
    JitCacheLoad result = JIT_CACHE_LOAD_CORRUPT;
    EntryHeader h;
    void *payload = NULL;
    if (fstat(fd, &st) != 0) {
        result = JIT_CACHE_LOAD_MISS;
        goto done;
    }
    if ((size_t)st.st_size < sizeof h || !read_all(fd, &h, sizeof h))
        goto done;
    if (memcmp(h.magic, MAGIC, sizeof MAGIC) != 0 || h.version != FORMAT_VERSION || h.header_size != sizeof h ||
        memcmp(h.key, key, JIT_CACHE_KEY_BYTES) != 0 || h.payload_size != (uint64_t)st.st_size - sizeof h ||
        h.payload_size == 0 || h.payload_size > MAX_PAYLOAD)
        goto done;
    payload = malloc(h.payload_size);
    if (!payload) {
        result = JIT_CACHE_LOAD_MISS;
        goto done;
    }
    if (!read_all(fd, payload, h.payload_size))
        goto done;
    uint8_t sum[JIT_CACHE_KEY_BYTES];
    checksum(payload, h.payload_size, sum);
    if (memcmp(sum, h.checksum, sizeof sum) != 0)
        goto done;
    futimens(fd, NULL); /* used now: least recently used goes first */
    *data = payload;
    *size = h.payload_size;
    payload = NULL;
    result = JIT_CACHE_LOAD_HIT;
done:
    close(fd);
    if (result == JIT_CACHE_LOAD_CORRUPT)
        discard(path, &st);
    free(payload);
    free(path);
    return result;
}

/* mkdir -p for the cache directory (0700: entries are code that will run). */
static bool make_dirs(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0)
        return S_ISDIR(st.st_mode);
    size_t n = strlen(dir);
    char *path = malloc(n + 1);
    if (!path)
        return false;
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char saved = path[i];
        path[i] = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST) {
            free(path);
            return false;
        }
        path[i] = saved;
    }
    free(path);
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), s = strlen(suffix);
    return n > s && strcmp(name + n - s, suffix) == 0;
}

static bool hex_prefix(const char *name)
{
    for (int i = 0; i < 2 * JIT_CACHE_KEY_BYTES; i++)
        if (!name[i] || !strchr("0123456789abcdef", name[i]))
            return false;
    return true;
}

/* An entry: 64 hex digits and the suffix. A temporary file: the entry's
 * name, a unique part and ".tmp". */
static bool is_entry_name(const char *name)
{
    return strlen(name) == 2 * JIT_CACHE_KEY_BYTES + strlen(ENTRY_SUFFIX) && hex_prefix(name) &&
           has_suffix(name, ENTRY_SUFFIX);
}

static bool is_temp_name(const char *name)
{
    return hex_prefix(name) && has_suffix(name, TEMP_SUFFIX);
}

typedef struct CacheFile {
    char *name;
    uint64_t size;
    struct timespec mtime;
} CacheFile;

typedef VEC(CacheFile) CacheFileVec;

static int older_first(const void *x, const void *y)
{
    const CacheFile *a = x, *b = y;
    if (a->mtime.tv_sec != b->mtime.tv_sec)
        return a->mtime.tv_sec < b->mtime.tv_sec ? -1 : 1;
    if (a->mtime.tv_nsec != b->mtime.tv_nsec)
        return a->mtime.tv_nsec < b->mtime.tv_nsec ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* Unlinks 'name' in 'dir' (an open directory). */
static bool remove_at(DIR *d, const char *name)
{
    return unlinkat(dirfd(d), name, 0) == 0;
}

/* Evicts the least recently used entries until the directory holds at most
 * 'limit' bytes; 'keep' (the entry just stored) stays. Temporary files of
 * runs that died mid-write go too. Best effort: concurrent runs may evict
 * the same files, and a vanished file is simply skipped. */
static void evict(const char *dir, const char *keep, uint64_t limit)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    Arena *arena = arena_new();
    CacheFileVec files = {0};
    uint64_t total = 0;
    time_t now = time(NULL);
    for (struct dirent *e; (e = readdir(d));) {
        bool entry = is_entry_name(e->d_name);
        if (!entry && !is_temp_name(e->d_name))
            continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (!entry) {
            if (now - st.st_mtim.tv_sec > STALE_TEMP_SECONDS)
                remove_at(d, e->d_name);
            continue;
        }
        total += (uint64_t)st.st_size;
        if (strcmp(e->d_name, keep) == 0)
            continue;
        CacheFile f = {.name = arena_strdup(arena, e->d_name), .size = (uint64_t)st.st_size, .mtime = st.st_mtim};
        VEC_PUSH(arena, &files, f);
    }
    if (total > limit && files.count) {
        qsort(files.items, files.count, sizeof files.items[0], older_first);
        for (uint32_t i = 0; i < files.count && total > limit; i++)
            if (remove_at(d, files.items[i].name) || errno == ENOENT)
                total -= files.items[i].size;
    }
    closedir(d);
    arena_free(arena);
}

bool jit_cache_store(const char *dir, const uint8_t key[JIT_CACHE_KEY_BYTES], const void *data, size_t size,
                     uint64_t limit)
{
    if (!make_dirs(dir))
        return false;
    char *path = entry_path(dir, key);
    if (!path)
        return false;
    /* Unique within the directory: the pid, and a counter for this process. */
    size_t n = strlen(path) + 64;
    char *temp = malloc(n);
    if (!temp) {
        free(path);
        return false;
    }
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    snprintf(temp, n, "%.*s.%ld.%ld%s", (int)(strlen(path) - strlen(ENTRY_SUFFIX)), path, (long)getpid(),
             (long)ts.tv_nsec, TEMP_SUFFIX);
    EntryHeader h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, MAGIC, sizeof MAGIC);
    h.version = FORMAT_VERSION;
    h.header_size = sizeof h;
    h.payload_size = size;
    memcpy(h.key, key, JIT_CACHE_KEY_BYTES);
    checksum(data, size, h.checksum);
    bool ok = false;
    int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ok = write_all(fd, &h, sizeof h) && write_all(fd, data, size);
        ok = close(fd) == 0 && ok;
        ok = ok && rename(temp, path) == 0;
        if (!ok)
            unlink(temp);
    }
    if (ok) {
        const char *name = strrchr(path, '/') + 1;
        evict(dir, name, limit ? limit : JIT_CACHE_DEFAULT_LIMIT);
    }
    free(temp);
    free(path);
    return ok;
}

bool jit_cache_clean(const char *dir, uint32_t *removed, uint64_t *bytes)
{
    *removed = 0;
    *bytes = 0;
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT;
    for (struct dirent *e; (e = readdir(d));) {
        if (!is_entry_name(e->d_name) && !is_temp_name(e->d_name))
            continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (remove_at(d, e->d_name)) {
            *removed += 1;
            *bytes += (uint64_t)st.st_size;
        }
    }
    closedir(d);
    return true;
}
