/* project/project_prepare.c: lock check, materialisation, lock write. */
#include "project/project_prepare.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "project/project_materialize.h"
#include "project/project_path.h"
#include "support/strbuf.h"

const char *project_materialized_root(ProjectContext *ctx, const ProjectGraph *graph, const ProjectNode *node)
{
    if (node->package) /* a registry package: one folder a version */
        return arena_printf(ctx->arena, "obj/beskid/deps/src/%s-registry-%s",
                            project_sanitize(ctx->arena, node->name), project_sanitize(ctx->arena, node->package->version));
    const char *relative = path_relative(ctx->arena, graph->root->dir, node->manifest_path);
    return arena_printf(ctx->arena, "obj/beskid/deps/src/%s-%016" PRIx64,
                        project_sanitize(ctx->arena, node->manifest->name), project_fnv1a64(relative));
}

void project_expected_lock(ProjectContext *ctx, const ProjectGraph *graph, Lockfile *out)
{
    Arena *arena = ctx->arena;
    const char *root = graph->root->dir;
    LockDependency *deps = ARENA_ARRAY(arena, LockDependency, graph->order_count + 1);
    for (uint32_t i = 0; i < graph->order_count; i++) {
        const ProjectNode *node = graph->order[i];
        if (node->is_std && ctx->corelib_digest) {
            deps[i] = (LockDependency){
                .name = node->name,
                .manifest = "std:Project.proj",
                .project = "std:",
                .source_root = "std:src",
                .materialized_root = "std:",
                .resolved_version = ctx->corelib_version,
                .artifact_digest = ctx->corelib_digest,
            };
            continue;
        }
        if (node->package) {
            /* paths of the materialised copy: the unpacked archive lives in
             * the user's cache, which is no business of the lockfile */
            const char *copy = project_materialized_root(ctx, graph, node);
            deps[i] = (LockDependency){
                .name = node->name,
                .manifest = arena_printf(arena, "%s/Project.proj", copy),
                .project = copy,
                .source_root = path_normalize(arena, arena_printf(arena, "%s/%s", copy, node->manifest->root)),
                .materialized_root = copy,
                .resolved_version = node->package->version,
                .artifact_digest = node->package->digest,
                .registry = node->package->registry,
            };
            continue;
        }
        deps[i] = (LockDependency){
            .name = node->name,
            .manifest = path_relative(arena, root, node->manifest_path),
            .project = path_relative(arena, root, node->dir),
            .source_root = path_normalize(arena, arena_printf(arena, "%s/%s", path_relative(arena, root, node->dir),
                                                              node->manifest->root)),
            .materialized_root = project_materialized_root(ctx, graph, node),
        };
    }
    *out = (Lockfile){
        .root_manifest = path_relative(arena, root, graph->root->manifest_path),
        .project_name = graph->root->manifest->name,
        .dependencies = deps,
        .dependency_count = graph->order_count,
    };
}

typedef enum LockState { LOCK_MATCHES, LOCK_MISSING, LOCK_DIFFERS, LOCK_BROKEN } LockState;

/* Compares the lockfile at 'path' (shown as 'display') with 'expected'. */
static LockState read_lock(ProjectContext *ctx, const char *path, const char *display, const Lockfile *expected,
                           const char *expected_text)
{
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return LOCK_MISSING;
    uint32_t file;
    if (path_is_dir(path)) {
        diag_report(ctx->diags, SPAN_NONE, DIAG_E3020_LOCK_READ, display, strerror(EISDIR));
        return LOCK_BROKEN;
    }
    errno = 0;
    if (source_load(ctx->sources, display, SOURCE_DEFAULT_LIMIT, &file) != SOURCE_OK) {
        diag_report(ctx->diags, SPAN_NONE, DIAG_E3020_LOCK_READ, display, errno ? strerror(errno) : "read error");
        return LOCK_BROKEN;
    }
    const SourceFile *source = source_file(ctx->sources, file);
    if (source->len == strlen(expected_text) && memcmp(source->text, expected_text, source->len) == 0)
        return LOCK_MATCHES;
    Lockfile existing;
    if (!lock_parse(ctx->arena, ctx->sources, file, &existing, ctx->diags))
        return LOCK_BROKEN;
    return lock_equal(&existing, expected) ? LOCK_MATCHES : LOCK_DIFFERS;
}

/* Writes to a temporary name, then renames over (E3021). */
static bool write_lock(ProjectContext *ctx, const char *path, const char *display, const char *text)
{
    const char *temp = arena_printf(ctx->arena, "%s.%ld.tmp", path, (long)getpid());
    FILE *out = fopen(temp, "w");
    bool ok = out && fputs(text, out) >= 0;
    if (out && fclose(out) != 0)
        ok = false;
    if (ok && rename(temp, path) != 0)
        ok = false;
    if (!ok) {
        diag_report(ctx->diags, SPAN_NONE, DIAG_E3021_LOCK_WRITE, display, strerror(errno));
        remove(temp);
    }
    return ok;
}

static bool materialize(ProjectContext *ctx, const ProjectGraph *graph)
{
    Arena *arena = ctx->arena;
    const ProjectNode *root = graph->root;
    const char *obj = path_join(arena, root->dir, "obj");
    const char *root_src = path_join(arena, root->dir, root->manifest->root);
    const char *root_copy = path_join(arena, root->dir,
                                      arena_printf(arena, "obj/beskid/root/%s", path_basename(arena, root->manifest->root)));
    if (path_is_dir(root_src) && !project_copy_tree(arena, ctx->diags, root_src, root_copy, obj))
        return false;
    for (uint32_t i = 0; i < graph->order_count; i++) {
        const ProjectNode *node = graph->order[i];
        if (node->is_std && ctx->corelib_digest)
            continue; /* the embedded library is compiled from memory */
        const char *dest = path_join(arena, root->dir, project_materialized_root(ctx, graph, node));
        if (!project_copy_tree(arena, ctx->diags, node->dir, dest, obj))
            return false;
    }
    return true;
}

bool project_prepare(ProjectContext *ctx, const ProjectGraph *graph, const ProjectPrepareOptions *options)
{
    Lockfile expected;
    project_expected_lock(ctx, graph, &expected);
    StrBuf text = {0};
    lock_render(&expected, &text);
    const char *expected_text = arena_strdup(ctx->arena, text.data);
    strbuf_free(&text);
    const char *path = path_join(ctx->arena, graph->root->dir, "Project.lock");
    const char *display = path_join(ctx->arena, graph->root->display_dir, "Project.lock");
    bool write = false;
    switch (read_lock(ctx, path, display, &expected, expected_text)) {
    case LOCK_BROKEN: return false;
    case LOCK_MATCHES: break;
    case LOCK_MISSING:
        if (options->locked) {
            diag_report(ctx->diags, SPAN_NONE, DIAG_E3023_LOCK_REQUIRED, display);
            return false;
        }
        if (options->frozen) {
            diag_report(ctx->diags, SPAN_NONE, DIAG_E3023_LOCK_FROZEN);
            return false;
        }
        write = true;
        break;
    case LOCK_DIFFERS:
        if (options->frozen) {
            diag_report(ctx->diags, SPAN_NONE, DIAG_E3023_LOCK_FROZEN);
            return false;
        }
        if (options->locked) {
            diag_report(ctx->diags, SPAN_NONE, DIAG_E3022_LOCK_OUTDATED, graph->root->manifest->name);
            return false;
        }
        write = true;
        break;
    }
    if (!materialize(ctx, graph))
        return false;
    return !write || write_lock(ctx, path, display, expected_text);
}
