/* project/project_materialize.h: copies of project sources under
 * `<project>/obj/beskid/` (backends.md §7.6): a file is copied when its copy
 * is missing or older; stale files are never deleted; `obj/` at the top of a
 * copied project is never copied (it holds the copies themselves). */
#ifndef BESKID_PROJECT_PROJECT_MATERIALIZE_H
#define BESKID_PROJECT_PROJECT_MATERIALIZE_H
#include <stdbool.h>
#include <stdint.h>

#include "support/arena.h"
#include "support/diag.h"

/* FNV-1a, 64 bits, of 'text'. */
uint64_t project_fnv1a64(const char *text);
/* ASCII letters, digits, `-` and `_` kept; anything else becomes `_`. */
const char *project_sanitize(Arena *arena, const char *name);
/* Copies the tree 'from' into 'to' (created with its parents); E3030 and
 * E3031 on failure. 'exclude' (may be NULL) is a directory never entered
 * (the destination's `obj/`, when a project copies its own parent). */
bool project_copy_tree(Arena *arena, DiagList *diags, const char *from, const char *to, const char *exclude);
#endif
