/* project/project_prepare.h: getting a resolved project ready to compile
 * (backends.md §7.6, §7.7 and their [FIX]es): the lockfile is checked
 * first (so a refused `--frozen`/`--locked` run writes nothing), then the
 * sources are materialised, then the lockfile is written if it changed. */
#ifndef BESKID_PROJECT_PROJECT_PREPARE_H
#define BESKID_PROJECT_PROJECT_PREPARE_H
#include <stdbool.h>

#include "project/project_graph.h"
#include "project/project_lock.h"

typedef struct ProjectPrepareOptions {
    bool frozen; /* the lockfile must exist and match: never written */
    bool locked; /* the lockfile must exist and match */
} ProjectPrepareOptions;

/* The lockfile 'graph' calls for: paths relative to the root project. */
void project_expected_lock(ProjectContext *ctx, const ProjectGraph *graph, Lockfile *out);
/* `obj/beskid/deps/src/<sanitised name>-<16 hex>`, relative to the root
 * project; the digits hash the canonical manifest path of 'node' relative
 * to the root project (stable when the whole tree is copied elsewhere). */
const char *project_materialized_root(ProjectContext *ctx, const ProjectGraph *graph, const ProjectNode *node);
/* Lock check (E3020, E3022, E3023, E3004), materialisation (E3030, E3031),
 * lock write (E3021). False after reporting. */
bool project_prepare(ProjectContext *ctx, const ProjectGraph *graph, const ProjectPrepareOptions *options);
#endif
