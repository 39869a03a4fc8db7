/* project/project_graph.h: the dependency graph of a root project
 * (backends.md §7.5): path dependencies loaded recursively (a project
 * reached twice is one node), cycles (E3007), missing manifests (E3006), git
 * and registry dependencies recorded as unresolved, the implicit `Std`, and
 * the dependency-first order in which dependency projects are compiled.
 * Manifests are read into the caller's SourceMap; errors go to its DiagList. */
#ifndef BESKID_PROJECT_PROJECT_GRAPH_H
#define BESKID_PROJECT_PROJECT_GRAPH_H
#include <stdbool.h>
#include <stdint.h>

#include "project/project_manifest.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/source.h"
#include "support/vec.h"

typedef struct ProjectNode ProjectNode;
typedef struct ProjectDependency ProjectDependency;

/* A registry dependency, fetched and unpacked (pckg/pckg_resolve.h). */
typedef struct ProjectRegistryPackage {
    const char *dir;      /* the unpacked package: its Project.proj is there */
    const char *version;  /* the version chosen */
    const char *digest;   /* `sha256:…` of its archive */
    const char *registry; /* the workspace alias, else the registry's base URL */
} ProjectRegistryPackage;

/* How registry dependencies are fetched; NULL in ProjectContext leaves them
 * unresolved (ProjectGraph.registry_unresolved). 'fetch' reports its own
 * errors and returns false after them. */
typedef struct ProjectRegistry {
    bool (*fetch)(void *self, const ProjectDependency *dep, const ProjectNode *consumer, ProjectRegistryPackage *out);
    void *self;
} ProjectRegistry;

typedef struct ProjectContext {
    Arena *arena;
    SourceMap *sources;
    DiagList *diags;
    /* The standard library's project directory (project_corelib_location),
     * or NULL when none is known: then no `Std` is attached. */
    const char *corelib;
    /* Set when the compiler compiles the standard library it embeds: a `Std`
     * node is then locked by this version and digest (`sha256:…`) instead of
     * machine-specific paths, and is not materialised (docs/decisions.md). */
    const char *corelib_version;
    const char *corelib_digest;
    const ProjectRegistry *registry; /* may be NULL */
} ProjectContext;

typedef struct ProjectEdge {
    const char *alias;                    /* the dependency's label */
    const ProjectDependency *dependency;  /* NULL for the implicit `Std` */
    ProjectNode *node;                    /* NULL for git and registry dependencies */
} ProjectEdge;

struct ProjectNode {
    const char *manifest_path; /* canonical: the node's identity */
    const char *dir;           /* canonical project directory */
    const char *display_dir;   /* the directory as the user should see it */
    const char *display_manifest;
    const ProjectManifest *manifest;
    const char *name; /* the label it was first reached by; the project name for the root */
    bool is_std;      /* the standard library project */
    const ProjectRegistryPackage *package; /* a registry package: where it came from */
    VEC(ProjectEdge) edges;
    int state; /* resolution: 0 new, 1 on the stack, 2 done */
};

typedef struct ProjectGraph {
    ProjectNode *root;
    VEC(ProjectNode *) nodes;
    /* Every dependency project of the root, dependencies before their
     * consumers, ties broken by canonical manifest path; the root excluded. */
    ProjectNode **order;
    uint32_t order_count;
    const char *git_unresolved;      /* E3008 details `name(Git=url@rev), …`, or NULL */
    const char *registry_unresolved; /* labels of registry dependencies, or NULL */
} ProjectGraph;

/* Where the standard library project is, for the implicit `Std` (§7.5 and
 * its [FIX]): $BESKID_CORELIB_ROOT when set and not blank; else the first
 * ancestor of the current directory holding corelib/beskid_corelib; else the
 * provisioned $HOME/.beskid/beskid_corelib. NULL when the chosen place has
 * no Project.proj. The one place that decides it. */
const char *project_corelib_location(Arena *arena);

/* Loads the root manifest 'manifest' (a path as the user should see it)
 * and every path dependency; false after reporting E3002–E3007. */
bool project_graph_build(ProjectContext *ctx, const char *manifest, ProjectGraph *out);
/* Reads one Project.proj (E3002, E3003, E3004); NULL after errors. */
const ProjectManifest *project_read_manifest(ProjectContext *ctx, const char *path);
/* The target a dependency project is mounted through: its first Lib
 * target, else its first target. */
const ProjectTarget *project_library_target(const ProjectManifest *manifest);
#endif
