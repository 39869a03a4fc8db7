/* pckg/pckg_resolve.h: registry dependencies of a project graph
 * (docs/packages.md), the ProjectRegistry of project/project_graph.h.
 *
 * For each registry dependency: its requirement (the workspace's
 * `override` version, else the dependency's `version`; E3060 when it does
 * not parse), its registry (the `registry = "alias"` of Workspace.proj, else
 * the command's base URL), then the version: the one already chosen for
 * that package in this build when it matches (one version a package name;
 * E3049 when it does not), else the one Project.lock pins when it matches
 * (unless updating), else the highest non-yanked version the registry lists
 * that matches (E3048). The archive comes from the cache
 * (<cache>/pckg/archives/<sha256>.bpk) when it is there, else from the
 * registry; its SHA-256 must equal the registry's checksum and the
 * lockfile's digest (E3047). It is unpacked once into
 * <cache>/pckg/src/<sha256>/ (safely: pckg/pckg_zip.h, E3061). With
 * --offline only the cache is used (E3062 when it lacks what is needed). */
#ifndef BESKID_PCKG_PCKG_RESOLVE_H
#define BESKID_PCKG_PCKG_RESOLVE_H
#include <stdbool.h>

#include "pckg/pckg_client.h"
#include "pckg/pckg_lib.h"
#include "project/project_graph.h"
#include "project/project_lock.h"
#include "project/project_manifest.h"

typedef struct PckgChosen PckgChosen;
typedef struct PckgConstraint PckgConstraint;

typedef struct PckgResolver {
    ProjectRegistry iface; /* give &resolver->iface to ProjectContext.registry */
    Arena *arena;
    DiagList *diags;
    const char *default_url; /* --base-url, $BESKID_PCKG_URL or the default */
    long timeout_secs;
    bool offline;
    bool update;                        /* ignore the lockfile's pins */
    bool verbose;
    FILE *log;             /* the clients' log (PckgClient.log); NULL: silent */
    const char *user_agent;
    SourceMap *sources;
    const char *manifest;               /* the root Project.proj */
    bool context_loaded;                /* 'workspace' and 'lock' read (on the first fetch) */
    const WorkspaceManifest *workspace; /* aliases and overrides; may be NULL */
    const Lockfile *lock;               /* the pins; may be NULL */
    const char *cache;                  /* <cache dir>/pckg; NULL: none */
    bool archive_loaded;
    PckgArchive archive;
    PckgChosen *chosen; /* one version a package name */
    PckgConstraint *constraints; /* learnt from conflicts, kept across attempts */
    bool retry;                  /* the last attempt stopped to retry (no error reported) */
} PckgResolver;

/* For the project whose root manifest is 'manifest': on its first registry
 * dependency the resolver reads the nearest Workspace.proj above it
 * (aliases, overrides) and its Project.lock (the pins; a lockfile or
 * workspace that does not read is left to the steps that report it). */
void pckg_resolver_init(PckgResolver *r, Arena *arena, DiagList *diags, SourceMap *sources, const char *manifest);
/* After project_graph_build failed: true when it stopped on a conflict
 * between two requirements of one package that a retry may solve (then
 * build the graph again: the next attempt chooses a version both accept,
 * or reports E3049 with every requirement); false when it reported errors. */
bool pckg_resolver_retry(PckgResolver *r);
#endif
