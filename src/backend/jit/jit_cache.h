/* backend/jit/jit_cache.h: the compiled-code cache of `beskid run` (issue 12
 * item 5). An unchanged program skips LLVM's optimisation and code generation:
 * the object code the JIT linked is stored under a key, the SHA-256 of the
 * artifact's text form and of everything else that shapes the code (options,
 * target, toolchain identity), and linked directly on the next run.
 *
 * One file per key in the cache directory, written to a temporary file and
 * renamed into place (concurrent runs see a whole entry or none). Each entry
 * starts with a header (magic, format version, key, payload length, SHA-256
 * of the payload): a corrupt or truncated entry is discarded and rebuilt.
 * The directory is bounded in size; the least recently used entries (by
 * modification time, refreshed on every hit) are evicted. Any failure of the
 * file system only turns caching off for the run: never an error. */
#ifndef BESKID_BACKEND_JIT_JIT_CACHE_H
#define BESKID_BACKEND_JIT_JIT_CACHE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "artifact/ir.h"
#include "support/source.h"

#define JIT_CACHE_DEFAULT_LIMIT ((uint64_t)256 * 1024 * 1024)
#define JIT_CACHE_KEY_BYTES 32

typedef enum JitCacheOutcome {
    JIT_CACHE_OFF,        /* no directory given (--no-cache) */
    JIT_CACHE_HIT,        /* the stored object ran */
    JIT_CACHE_STORED,     /* compiled, and stored for the next run */
    JIT_CACHE_REBUILT,    /* a corrupt entry was discarded, compiled and stored again */
    JIT_CACHE_UNWRITABLE, /* compiled; the directory could not take the entry */
} JitCacheOutcome;

/* What the caller supplies, and what the run reports back. */
typedef struct JitCache {
    const char *dir;       /* NULL: no caching */
    uint64_t limit;        /* bytes; 0: JIT_CACHE_DEFAULT_LIMIT */
    const char *tool_version;
    const char *source_id; /* the input's absolute path (debug info and panic locations name it) */
    bool shared;           /* also store the shared-object form (`run`: the launcher's) */
    JitCacheOutcome outcome;
    char key_hex[2 * JIT_CACHE_KEY_BYTES + 1];
} JitCache;

/* The code-shaping inputs besides the artifact. The key asks nothing of
 * LLVM, so that the launcher (launch/launch.c), which never loads it,
 * computes the very key the compiler does. */
typedef struct JitCacheKeyInputs {
    const char *tool_version;
    const char *source_id;
    int opt_level;
    const char *entry_symbol;
    /* The compiler executable that makes the code: its GNU build id changes
     * with every link, so a rebuilt compiler never reuses older code. */
    const char *compiler_path;
} JitCacheKeyInputs;

/* Hashes the artifact's text form (with locations) incrementally, without
 * building the text in memory, then the inputs, the runtime ABI version, the
 * LLVM version (of the headers compiled against), the compiler's build id
 * and the host CPU's identity (support/host_id.h: the target machine's CPU
 * and features are a function of it). */
void jit_cache_key(const Artifact *a, const SourceMap *map, const JitCacheKeyInputs *in,
                   uint8_t key[JIT_CACHE_KEY_BYTES]);
void jit_cache_key_hex(const uint8_t key[JIT_CACHE_KEY_BYTES], char out[2 * JIT_CACHE_KEY_BYTES + 1]);

typedef enum JitCacheLoad { JIT_CACHE_LOAD_MISS, JIT_CACHE_LOAD_HIT, JIT_CACHE_LOAD_CORRUPT } JitCacheLoad;
/* On HIT, '*data' (malloc'ed, the caller frees) holds the stored object and
 * the entry counts as used now. A CORRUPT entry has been removed. */
JitCacheLoad jit_cache_load(const char *dir, const uint8_t key[JIT_CACHE_KEY_BYTES], void **data, size_t *size);
/* Creates the directory if needed, stores the object atomically, then evicts
 * least recently used entries while the directory holds more than 'limit'
 * bytes. False when the entry could not be written (nothing is left behind). */
bool jit_cache_store(const char *dir, const uint8_t key[JIT_CACHE_KEY_BYTES], const void *data, size_t size,
                     uint64_t limit);
/* The shared-object form of an entry, `<key>.so`: what the launcher runs
 * without loading LLVM (dlopen). The object code a run linked is linked
 * into a shared object by `ld` (binutils, which `cc` uses too), followed by
 * a trailer (magic, format version, key, length and SHA-256 of the shared
 * object) that the loader checks before dlopen. Made by the compiler's
 * `run` on a miss; nothing is stored when `ld` fails. */
bool jit_cache_has_shared(const char *dir, const uint8_t key[JIT_CACHE_KEY_BYTES]);
bool jit_cache_store_shared(const char *dir, const uint8_t key[JIT_CACHE_KEY_BYTES], const void *object, size_t size,
                            uint64_t limit);
/* On HIT, '*handle' is the dlopen handle of the checked entry, which counts
 * as used now. A CORRUPT entry (a bad trailer, or one dlopen refuses) has
 * been removed. */
JitCacheLoad jit_cache_open_shared(const char *dir, const uint8_t key[JIT_CACHE_KEY_BYTES], void **handle);
/* Removes every entry (and stale temporary file) of the directory; other
 * files are left alone. '*removed' and '*bytes' count what went. False when
 * the directory exists but could not be read. */
bool jit_cache_clean(const char *dir, uint32_t *removed, uint64_t *bytes);
#endif
