/* project/project_graph.c: the dependency graph (backends.md §7.5). */
#include "project/project_graph.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "project/project_path.h"
#include "support/strbuf.h"

static bool has_manifest(Arena *arena, const char *dir)
{
    return path_is_file(path_join(arena, dir, "Project.proj"));
}

const char *project_corelib_location(Arena *arena)
{
    const char *env = getenv("BESKID_CORELIB_ROOT");
    bool blank = true;
    for (const char *p = env; p && *p; p++)
        blank &= isspace((unsigned char)*p) != 0;
    if (env && !blank)
        return has_manifest(arena, env) ? path_normalize(arena, env) : NULL;
    const char *dir = path_canonical(arena, ".");
    while (dir) {
        const char *candidate = path_join(arena, dir, "corelib/beskid_corelib");
        if (has_manifest(arena, candidate))
            return candidate;
        if (strcmp(dir, "/") == 0)
            break;
        dir = path_dirname(arena, dir);
    }
    const char *home = getenv("HOME");
    if (home && *home) {
        const char *provisioned = path_join(arena, home, ".beskid/beskid_corelib");
        if (has_manifest(arena, provisioned))
            return provisioned;
    }
    return NULL;
}

const ProjectManifest *project_read_manifest(ProjectContext *ctx, const char *path)
{
    uint32_t file;
    switch (source_load(ctx->sources, path, SOURCE_DEFAULT_LIMIT, &file)) {
    case SOURCE_OK: break;
    case SOURCE_UNREADABLE:
        diag_report(ctx->diags, SPAN_NONE, DIAG_E3002_MANIFEST_READ, path, strerror(errno));
        return NULL;
    case SOURCE_TOO_LARGE:
        diag_report(ctx->diags, SPAN_NONE, DIAG_E3002_MANIFEST_READ, path, "file too large");
        return NULL;
    }
    return project_manifest_read(ctx->arena, ctx->sources, file, ctx->diags);
}

const ProjectTarget *project_library_target(const ProjectManifest *manifest)
{
    for (uint32_t i = 0; i < manifest->target_count; i++)
        if (manifest->targets[i].kind == PROJECT_TARGET_LIB)
            return &manifest->targets[i];
    return manifest->target_count ? &manifest->targets[0] : NULL;
}

typedef struct Builder {
    ProjectContext *ctx;
    ProjectGraph *graph;
    VEC(ProjectNode *) stack;
    StrBuf git;      /* E3008 details */
    StrBuf registry; /* registry labels */
    const char *corelib_canonical;
} Builder;

static ProjectNode *find_node(const ProjectGraph *graph, const char *canonical)
{
    for (uint32_t i = 0; i < graph->nodes.count; i++)
        if (strcmp(graph->nodes.items[i]->manifest_path, canonical) == 0)
            return graph->nodes.items[i];
    return NULL;
}

/* E3007: the stack from 'node' on, then 'node' again. */
static void report_cycle(Builder *b, const ProjectNode *node)
{
    StrBuf chain = {0};
    bool started = false;
    for (uint32_t i = 0; i < b->stack.count; i++) {
        started |= b->stack.items[i] == node;
        if (started)
            strbuf_printf(&chain, "%s -> ", b->stack.items[i]->display_manifest);
    }
    strbuf_puts(&chain, node->display_manifest);
    diag_report(b->ctx->diags, SPAN_NONE, DIAG_E3007_DEPENDENCY_CYCLE, arena_strdup(b->ctx->arena, chain.data));
    strbuf_free(&chain);
}

static bool resolve(Builder *b, ProjectNode *node);
static ProjectNode *reach(Builder *b, const char *display_manifest, const char *canonical, const char *name);

/* The node of the manifest at 'display_manifest' (canonical 'canonical'):
 * shared when already loaded, E3007 when on the stack. */
static ProjectNode *reach(Builder *b, const char *display_manifest, const char *canonical, const char *name)
{
    ProjectNode *node = find_node(b->graph, canonical);
    if (node) {
        if (node->state == 1) {
            report_cycle(b, node);
            return NULL;
        }
        return node;
    }
    Arena *arena = b->ctx->arena;
    node = ARENA_NEW(arena, ProjectNode);
    node->manifest_path = canonical;
    node->dir = path_dirname(arena, canonical);
    node->display_manifest = display_manifest;
    node->display_dir = path_dirname(arena, display_manifest);
    node->name = name;
    node->is_std = b->corelib_canonical && strcmp(node->dir, b->corelib_canonical) == 0;
    node->manifest = project_read_manifest(b->ctx, display_manifest);
    if (!node->manifest)
        return NULL;
    VEC_PUSH(arena, &b->graph->nodes, node);
    return resolve(b, node) ? node : NULL;
}

/* A path dependency of 'node' (the explicit or implicit `Std` when 'path'
 * is NULL). */
static bool add_path_edge(Builder *b, ProjectNode *node, const char *alias, const ProjectDependency *dep)
{
    Arena *arena = b->ctx->arena;
    const char *dir;
    if (dep && dep->path)
        dir = path_join(arena, node->display_dir, dep->path);
    else if (b->ctx->corelib)
        dir = b->ctx->corelib;
    else {
        diag_report(b->ctx->diags, SPAN_NONE, DIAG_E3006_DEPENDENCY_NOT_FOUND, alias,
                    "(no standard library location: set BESKID_CORELIB_ROOT)");
        return false;
    }
    const char *manifest = path_join(arena, dir, "Project.proj");
    const char *canonical = path_is_file(manifest) ? path_canonical(arena, manifest) : NULL;
    if (!canonical) {
        diag_report(b->ctx->diags, SPAN_NONE, DIAG_E3006_DEPENDENCY_NOT_FOUND, alias, manifest);
        return false;
    }
    ProjectNode *target = reach(b, manifest, canonical, alias);
    if (!target)
        return false;
    VEC_PUSH(arena, &node->edges, ((ProjectEdge){.alias = alias, .dependency = dep, .node = target}));
    return true;
}

/* A registry dependency of 'node': fetched and unpacked by ctx->registry,
 * then a node like a path dependency's (one per package version). */
static bool add_registry_edge(Builder *b, ProjectNode *node, const ProjectDependency *dep)
{
    Arena *arena = b->ctx->arena;
    ProjectRegistryPackage *package = ARENA_NEW(arena, ProjectRegistryPackage);
    if (!b->ctx->registry->fetch(b->ctx->registry->self, dep, node, package))
        return false;
    const char *manifest = path_join(arena, package->dir, "Project.proj");
    const char *canonical = path_is_file(manifest) ? path_canonical(arena, manifest) : NULL;
    if (!canonical) {
        diag_report(b->ctx->diags, dep->label_span, DIAG_E3061_BAD_ARCHIVE,
                    arena_printf(arena, "package `%s` %s", dep->label, package->version), package->digest,
                    "no Project.proj at its root");
        return false;
    }
    ProjectNode *target = reach(b, manifest, canonical, dep->label); /* shared, or E3007 */
    if (!target)
        return false;
    if (!target->package)
        target->package = package;
    VEC_PUSH(arena, &node->edges, ((ProjectEdge){.alias = dep->label, .dependency = dep, .node = target}));
    return true;
}

/* Loads the dependencies of 'node', depth first. */
static bool resolve(Builder *b, ProjectNode *node)
{
    node->state = 1;
    VEC_PUSH(b->ctx->arena, &b->stack, node);
    const ProjectManifest *m = node->manifest;
    bool declares_std = false;
    for (uint32_t i = 0; i < m->dependency_count; i++) {
        const ProjectDependency *dep = &m->dependencies[i];
        declares_std |= project_is_std_label(dep->label);
        switch (dep->source) {
        case PROJECT_SOURCE_PATH:
            if (!add_path_edge(b, node, dep->label, dep))
                return false;
            break;
        case PROJECT_SOURCE_GIT:
            strbuf_printf(&b->git, "%s%s(Git=%s@%s)", b->git.len ? ", " : "", dep->label, dep->url, dep->rev);
            VEC_PUSH(b->ctx->arena, &node->edges, ((ProjectEdge){.alias = dep->label, .dependency = dep}));
            break;
        case PROJECT_SOURCE_REGISTRY:
            if (b->ctx->registry) {
                if (!add_registry_edge(b, node, dep))
                    return false;
                break;
            }
            strbuf_printf(&b->registry, "%s`%s`", b->registry.len ? ", " : "", dep->label);
            VEC_PUSH(b->ctx->arena, &node->edges, ((ProjectEdge){.alias = dep->label, .dependency = dep}));
            break;
        }
    }
    if (!declares_std && !node->is_std && b->ctx->corelib && !add_path_edge(b, node, "Std", NULL))
        return false;
    b->stack.count--;
    node->state = 2;
    return true;
}

/* Dependency-first order of everything but the root (Kahn's algorithm,
 * always taking the ready node of the smallest canonical manifest path). */
static void order_nodes(ProjectGraph *graph, Arena *arena)
{
    uint32_t n = graph->nodes.count;
    graph->order = ARENA_ARRAY(arena, ProjectNode *, n + 1);
    bool *placed = ARENA_ARRAY(arena, bool, n + 1);
    for (;;) {
        int best = -1;
        for (uint32_t i = 0; i < n; i++) {
            ProjectNode *node = graph->nodes.items[i];
            if (placed[i] || node == graph->root)
                continue;
            bool ready = true;
            for (uint32_t e = 0; e < node->edges.count && ready; e++) {
                ProjectNode *dep = node->edges.items[e].node;
                for (uint32_t j = 0; j < n && dep; j++)
                    if (graph->nodes.items[j] == dep && !placed[j])
                        ready = false;
            }
            if (ready && (best < 0 || strcmp(node->manifest_path, graph->nodes.items[best]->manifest_path) < 0))
                best = (int)i;
        }
        if (best < 0)
            return;
        placed[best] = true;
        graph->order[graph->order_count++] = graph->nodes.items[best];
    }
}

bool project_graph_build(ProjectContext *ctx, const char *manifest, ProjectGraph *out)
{
    memset(out, 0, sizeof *out);
    Builder b = {.ctx = ctx, .graph = out};
    if (ctx->corelib)
        b.corelib_canonical = path_canonical(ctx->arena, ctx->corelib);
    const char *canonical = path_is_file(manifest) ? path_canonical(ctx->arena, manifest) : NULL;
    if (!canonical) {
        errno = path_is_dir(manifest) ? EISDIR : ENOENT;
        diag_report(ctx->diags, SPAN_NONE, DIAG_E3002_MANIFEST_READ, manifest, strerror(errno));
        return false;
    }
    /* the root is named after its project (set once it is read) */
    out->root = reach(&b, manifest, canonical, NULL);
    bool ok = out->root != NULL;
    if (ok) {
        out->root->name = out->root->manifest->name;
        order_nodes(out, ctx->arena);
        if (b.git.len)
            out->git_unresolved = arena_strdup(ctx->arena, b.git.data);
        if (b.registry.len)
            out->registry_unresolved = arena_strdup(ctx->arena, b.registry.data);
    }
    strbuf_free(&b.git);
    strbuf_free(&b.registry);
    return ok;
}
