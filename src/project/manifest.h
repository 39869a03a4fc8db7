/* project/manifest.h: the block syntax shared by Project.proj and
 * Workspace.proj (backends.md §7.1), read into a located tree. Only syntax
 * is checked here (E3003); what the blocks mean is project_manifest.h's job.
 * The text lives in the caller's SourceMap, so errors render like source
 * diagnostics (file:line:col and a caret). */
#ifndef BESKID_PROJECT_MANIFEST_H
#define BESKID_PROJECT_MANIFEST_H
#include <stdbool.h>
#include <stdint.h>

#include "support/arena.h"
#include "support/diag.h"
#include "support/source.h"
#include "support/vec.h"

/* `key = value`; 'value' is the text between the outer quotes, or the bare
 * identifier of an enum field (kind, source, resolver). */
typedef struct ManifestEntry {
    const char *key;
    Span key_span;
    const char *value;
    Span value_span; /* the value without its quotes */
    bool quoted;
} ManifestEntry;

/* `kind "label" { entries }`; 'label' NULL when there is none. */
typedef struct ManifestBlock {
    const char *kind;
    Span kind_span;
    const char *label;
    Span label_span;
    VEC(ManifestEntry) entries;
} ManifestBlock;

typedef struct Manifest {
    uint32_t file; /* in the SourceMap it was parsed from */
    VEC(ManifestBlock) blocks;
} Manifest;

/* Which block kinds a file may hold: Project.proj (project, target,
 * dependency) or Workspace.proj (workspace, member, override, registry). */
typedef enum ManifestKind { MANIFEST_PROJECT, MANIFEST_WORKSPACE } ManifestKind;

/* Parses 'file' of 'map'; NULL after reporting the first E3003 error (the
 * format is line-oriented, and one error usually explains the next). */
Manifest *manifest_parse(Arena *arena, const SourceMap *map, uint32_t file, ManifestKind kind, DiagList *diags);
/* The entry of 'key' in 'block' (the last one: duplicate keys, last wins);
 * NULL when absent. */
const ManifestEntry *manifest_entry(const ManifestBlock *block, const char *key);
#endif
