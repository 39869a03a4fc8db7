/* backend/jit/jit_cache.c: keys (Nettle's SHA-256, docs/decisions.md) and
 * the entries on disk. See jit_cache.h for the scheme. */
#include "backend/jit/jit_cache.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
/* The version of the headers beskid is built against: the key must not need
 * LLVM's library (the launcher has none). */
#include <llvm/Config/llvm-config.h>
/* SHA-256 from Nettle (docs/decisions.md): linked statically, it costs the
 * launcher's start-up nothing, where loading libcrypto cost 0.7 ms. */
#include <nettle/sha2.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "artifact/ir_print.h"
#include "beskid_rt.h"
#include "support/arena.h"
#include "support/host_id.h"
#include "support/vec.h"

#define ENTRY_SUFFIX ".bjo"
#define SHARED_SUFFIX ".so"
#define TEMP_SUFFIX ".tmp"
#define FORMAT_VERSION 1u
/* No object of ours is near this; a larger "entry" is not read into memory. */
#define MAX_PAYLOAD ((uint64_t)1 << 30)
/* A temporary file older than this belongs to a run that died mid-write. */
#define STALE_TEMP_SECONDS 600

static const char MAGIC[8] = {'B', 'S', 'K', 'J', 'I', 'T', 'C', '\n'};
/* The trailer of a shared-object entry: the same fields after the object. */
static const char SHARED_MAGIC[8] = {'B', 'S', 'K', 'J', 'I', 'T', 'S', '\n'};

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

static void digest_field(struct sha256_ctx *md, const char *name, const void *data, size_t size)
{
    /* name, length, bytes: no two different inputs hash alike by accident */
    uint64_t len = size;
    sha256_update(md, strlen(name) + 1, (const uint8_t *)(name));
    sha256_update(md, sizeof len, (const uint8_t *)(&len));
    if (size)
        sha256_update(md, size, (const uint8_t *)(data));
}

static void digest_string(struct sha256_ctx *md, const char *name, const char *s)
{
    digest_field(md, name, s ? s : "", s ? strlen(s) : 0);
}

static ssize_t digest_write(void *cookie, const char *buf, size_t size)
{
    sha256_update(cookie, size, (const uint8_t *)(buf));
    return (ssize_t)size;
}

/* What `ir --locations` adds to the text, without formatting it: each
 * instruction's file, line and column, and the files' paths (debug
 * information and panic locations put them in the code). */
static void digest_locations(struct sha256_ctx *md, const Artifact *a, const SourceMap *map)
{
    digest_field(md, "files", &map->count, sizeof map->count);
    for (uint32_t i = 0; i < map->count; i++)
        digest_string(md, "path", source_file(map, i)->path);
    for (uint32_t fi = 0; fi < a->funcs.count; fi++) {
        const IrFunc *f = a->funcs.items[fi];
        for (uint32_t b = 0; b < f->blocks.count; b++)
            for (uint32_t i = 0; i < f->blocks.items[b].insts.count; i++) {
                Span loc = f->blocks.items[b].insts.items[i].loc;
                uint32_t where[3] = {UINT32_MAX, 0, 0};
                if (loc.file != SPAN_NO_FILE && loc.file < map->count && loc.start <= source_file(map, loc.file)->len) {
                    where[0] = loc.file;
                    source_line_col(source_file(map, loc.file), loc.start, &where[1], &where[2]);
                }
                sha256_update(md, sizeof where, (const uint8_t *)where);
            }
    }
}

void jit_cache_key(const Artifact *a, const SourceMap *map, const JitCacheKeyInputs *in,
                   uint8_t key[JIT_CACHE_KEY_BYTES])
{
    struct sha256_ctx ctx, *md = &ctx;
    sha256_init(md);
    digest_string(md, "scheme", "beskid-jit-cache-2");
    digest_string(md, "version", in->tool_version);
    uint32_t abi = BESKID_RUNTIME_ABI_VERSION;
    digest_field(md, "abi", &abi, sizeof abi);
    digest_string(md, "llvm", LLVM_VERSION_STRING);
    uint8_t id[HOST_ID_MAX];
    size_t id_len = host_elf_build_id(in->compiler_path ? in->compiler_path : "/proc/self/exe", id, sizeof id);
    digest_field(md, "build-id", id, id_len);
    id_len = host_cpu_id(id, sizeof id);
    digest_field(md, "cpu", id, id_len);
    int32_t level = in->opt_level;
    digest_field(md, "opt", &level, sizeof level);
    digest_string(md, "entry", in->entry_symbol);
    digest_string(md, "source", in->source_id);
    /* The text goes straight into the digest through a write-only stream. */
    digest_string(md, "artifact", NULL);
    FILE *text = fopencookie(md, "w", (cookie_io_functions_t){.write = digest_write});
    if (text) {
        setvbuf(text, NULL, _IOFBF, 1 << 16);
        ir_print(text, a, NULL, IR_PRINT_DEFAULT);
        fclose(text);
    }
    if (map)
        digest_locations(md, a, map);
    sha256_digest(md, JIT_CACHE_KEY_BYTES, key);
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

static char *entry_path_with(const char *dir, const uint8_t key[JIT_CACHE_KEY_BYTES], const char *suffix)
{
    char hex[2 * JIT_CACHE_KEY_BYTES + 1];
    jit_cache_key_hex(key, hex);
    size_t n = strlen(dir) + 1 + sizeof hex + strlen(suffix) + 1;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s%s", dir, hex, suffix);
    return path;
}

static char *entry_path(const char *dir, const uint8_t key[JIT_CACHE_KEY_BYTES])
{
    return entry_path_with(dir, key, ENTRY_SUFFIX);
}

/* A temporary name for 'path' (an entry's) in the same directory, unique
 * there: the pid and the clock; 'tag' tells a run's temporaries apart. */
static char *temp_path(const char *path, const char *tag)
{
    size_t n = strlen(path) + strlen(tag) + 64;
    char *temp = malloc(n);
    if (!temp)
        return NULL;
    const char *dot = strrchr(path, '.');
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    snprintf(temp, n, "%.*s.%ld.%ld%s%s", (int)(dot - path), path, (long)getpid(), (long)ts.tv_nsec, tag,
             TEMP_SUFFIX);
    return temp;
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
    struct sha256_ctx md;
    sha256_init(&md);
    sha256_update(&md, size, data);
    sha256_digest(&md, JIT_CACHE_KEY_BYTES, out);
}

/* Reads the whole regular file open on 'fd' (at most MAX_PAYLOAD plus a
 * header); NULL when it cannot. */
static uint8_t *read_file(int fd, const struct stat *st)
{
    if (!S_ISREG(st->st_mode) || (uint64_t)st->st_size > MAX_PAYLOAD + sizeof(EntryHeader) || st->st_size == 0)
        return NULL;
    uint8_t *data = malloc((size_t)st->st_size);
    if (data && !read_all(fd, data, (size_t)st->st_size)) {
        free(data);
        return NULL;
    }
    return data;
}

/* The header of an entry (or the trailer of a shared object: same fields,
 * its own magic) for 'size' bytes of 'data' under 'key'. */
static void header_for(EntryHeader *h, const char magic[8], const uint8_t key[JIT_CACHE_KEY_BYTES], const void *data,
                       size_t size)
{
    memset(h, 0, sizeof *h);
    memcpy(h->magic, magic, sizeof h->magic);
    h->version = FORMAT_VERSION;
    h->header_size = sizeof *h;
    h->payload_size = size;
    memcpy(h->key, key, JIT_CACHE_KEY_BYTES);
    checksum(data, size, h->checksum);
}

/* Whether 'h' describes exactly these 'size' bytes of 'data' under 'key'. */
static bool header_matches(const EntryHeader *h, const char magic[8], const uint8_t key[JIT_CACHE_KEY_BYTES],
                           const void *data, uint64_t size)
{
    if (memcmp(h->magic, magic, sizeof h->magic) != 0 || h->version != FORMAT_VERSION ||
        h->header_size != sizeof *h || memcmp(h->key, key, JIT_CACHE_KEY_BYTES) != 0 || h->payload_size != size ||
        size == 0 || size > MAX_PAYLOAD)
        return false;
    uint8_t sum[JIT_CACHE_KEY_BYTES];
    checksum(data, size, sum);
    return memcmp(sum, h->checksum, sizeof sum) == 0;
}

/* Removes a bad entry unless another run has replaced it meanwhile. */
static void discard(const char *path, const struct stat *bad)
{
    struct stat now;
    if (stat(path, &now) == 0 && now.st_ino == bad->st_ino && now.st_dev == bad->st_dev)
        unlink(path);
}

/* An entry read whole and checked, its file still open (to mark it used). */
typedef struct CheckedEntry {
    int fd;
    struct stat st;
    uint8_t *payload; /* malloc'ed; the header or trailer cut off */
    uint64_t size;
} CheckedEntry;

/* Reads the entry at 'path' and checks its header ('trailer': the header
 * follows the payload, as in a shared object). On HIT, 'e' holds the
 * payload and the open file; a CORRUPT entry has been removed. */
static JitCacheLoad read_entry(const char *path, const char magic[8], bool trailer,
                               const uint8_t key[JIT_CACHE_KEY_BYTES], CheckedEntry *e)
{
    e->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (e->fd < 0)
        return JIT_CACHE_LOAD_MISS;
    if (fstat(e->fd, &e->st) != 0) {
        close(e->fd);
        return JIT_CACHE_LOAD_MISS;
    }
    e->payload = (size_t)e->st.st_size > sizeof(EntryHeader) ? read_file(e->fd, &e->st) : NULL;
    if (e->payload) {
        EntryHeader h;
        e->size = (uint64_t)e->st.st_size - sizeof h;
        memcpy(&h, e->payload + (trailer ? e->size : 0), sizeof h);
        if (!trailer)
            memmove(e->payload, e->payload + sizeof h, e->size);
        if (header_matches(&h, magic, key, e->payload, e->size))
            return JIT_CACHE_LOAD_HIT;
    }
    free(e->payload);
    close(e->fd);
    discard(path, &e->st);
    return JIT_CACHE_LOAD_CORRUPT;
}

/* The entry counts as used now (least recently used goes first). */
static void entry_used(CheckedEntry *e)
{
    futimens(e->fd, NULL);
    close(e->fd);
}

JitCacheLoad jit_cache_load(const char *dir, const uint8_t key[JIT_CACHE_KEY_BYTES], void **data, size_t *size)
{
    char *path = entry_path(dir, key);
    if (!path)
        return JIT_CACHE_LOAD_MISS;
    CheckedEntry e;
    JitCacheLoad result = read_entry(path, MAGIC, false, key, &e);
    if (result == JIT_CACHE_LOAD_HIT) {
        entry_used(&e);
        *data = e.payload;
        *size = e.size;
    }
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
    size_t n = strlen(name);
    return hex_prefix(name) && ((n == 2 * JIT_CACHE_KEY_BYTES + strlen(ENTRY_SUFFIX) && has_suffix(name, ENTRY_SUFFIX)) ||
                                (n == 2 * JIT_CACHE_KEY_BYTES + strlen(SHARED_SUFFIX) && has_suffix(name, SHARED_SUFFIX)));
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
    char *temp = temp_path(path, "");
    if (!temp) {
        free(path);
        return false;
    }
    EntryHeader h;
    header_for(&h, MAGIC, key, data, size);
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

/* ---- shared-object entries (the launcher's) ---- */

extern char **environ;

/* `ld -shared` of 'object' into 'shared', quietly; true when it succeeded. */
static bool link_shared(const char *object, const char *shared)
{
    const char *argv[] = {"ld", "-shared", "--hash-style=gnu", "-z", "noexecstack", "-z", "relro", "-z", "now",
                          "-o", shared, object, NULL};
    posix_spawn_file_actions_t actions;
    if (posix_spawn_file_actions_init(&actions) != 0)
        return false;
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, "ld", &actions, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        return false;
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return false;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Appends the trailer to the shared object just linked at 'path'. */
static bool add_trailer(const char *path, const uint8_t key[JIT_CACHE_KEY_BYTES])
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    uint8_t *data = fstat(fd, &st) == 0 ? read_file(fd, &st) : NULL;
    bool ok = data != NULL;
    if (ok) {
        EntryHeader t;
        header_for(&t, SHARED_MAGIC, key, data, (size_t)st.st_size);
        ok = write_all(fd, &t, sizeof t);
    }
    free(data);
    return close(fd) == 0 && ok;
}

bool jit_cache_has_shared(const char *dir, const uint8_t key[JIT_CACHE_KEY_BYTES])
{
    char *path = entry_path_with(dir, key, SHARED_SUFFIX);
    struct stat st;
    bool has = path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    return has;
}

bool jit_cache_store_shared(const char *dir, const uint8_t key[JIT_CACHE_KEY_BYTES], const void *object, size_t size,
                            uint64_t limit)
{
    if (!make_dirs(dir))
        return false;
    char *path = entry_path_with(dir, key, SHARED_SUFFIX);
    char *temp_object = path ? temp_path(path, ".o") : NULL;
    char *temp_shared = path ? temp_path(path, ".so") : NULL;
    bool ok = false;
    int fd = temp_object && temp_shared ? open(temp_object, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
    if (fd >= 0) {
        ok = write_all(fd, object, size);
        ok = close(fd) == 0 && ok;
        ok = ok && link_shared(temp_object, temp_shared) && add_trailer(temp_shared, key) &&
             rename(temp_shared, path) == 0;
        unlink(temp_object);
        if (!ok)
            unlink(temp_shared);
    }
    if (ok)
        evict(dir, strrchr(path, '/') + 1, limit ? limit : JIT_CACHE_DEFAULT_LIMIT);
    free(temp_object);
    free(temp_shared);
    free(path);
    return ok;
}

JitCacheLoad jit_cache_open_shared(const char *dir, const uint8_t key[JIT_CACHE_KEY_BYTES], void **handle)
{
    char *path = entry_path_with(dir, key, SHARED_SUFFIX);
    if (!path)
        return JIT_CACHE_LOAD_MISS;
    CheckedEntry e;
    JitCacheLoad result = read_entry(path, SHARED_MAGIC, true, key, &e);
    if (result == JIT_CACHE_LOAD_HIT) {
        free(e.payload);
        /* The checked file: a concurrent run only ever renames a whole entry over it. */
        *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (*handle) {
            entry_used(&e);
        } else {
            close(e.fd);
            discard(path, &e.st);
            result = JIT_CACHE_LOAD_CORRUPT;
        }
    }
    free(path);
    return result;
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
