/* project/project_lock.h: Project.lock v1 (backends.md §7.7 and its [FIX]):
 * the text form (write and read back) and equality. Paths in it are
 * relative to the lockfile's directory, with forward slashes, so a locked
 * project still matches its lock after being copied elsewhere. */
#ifndef BESKID_PROJECT_PROJECT_LOCK_H
#define BESKID_PROJECT_PROJECT_LOCK_H
#include <stdbool.h>
#include <stdint.h>

#include "support/arena.h"
#include "support/diag.h"
#include "support/source.h"
#include "support/strbuf.h"

#define LOCK_HEADER "# Project.lock v1"

typedef struct LockDependency {
    const char *name;
    const char *manifest;
    const char *project;
    const char *source_root;
    const char *materialized_root;
    const char *resolved_version; /* optional (registry) */
    const char *artifact_digest;  /* optional (registry, `sha256:…`) */
    const char *registry;         /* optional */
} LockDependency;

typedef struct Lockfile {
    const char *root_manifest;
    const char *project_name;
    const LockDependency *dependencies;
    uint32_t dependency_count;
} Lockfile;

/* The text: header, root_manifest, project_name, `dependencies:`, then one
 * `- key=value;…` line per dependency, lines sorted by their text. */
void lock_render(const Lockfile *lock, StrBuf *out);
/* Reads 'file' of 'map'; false after E3004 errors located in it. */
bool lock_parse(Arena *arena, const SourceMap *map, uint32_t file, Lockfile *out, DiagList *diags);
/* Equal structure: same fields, same dependencies in any order. */
bool lock_equal(const Lockfile *a, const Lockfile *b);
#endif
