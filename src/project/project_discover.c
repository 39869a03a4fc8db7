/* project/project_discover.c: manifest discovery and member selection. */
#include "project/project_discover.h"

#include <string.h>

#include "project/project_path.h"

const char *project_find_upward(Arena *arena, const char *start_dir, const char *name)
{
    const char *dir = path_canonical(arena, start_dir);
    const char *cwd = start_dir[0] == '/' ? NULL : path_canonical(arena, ".");
    while (dir) {
        const char *candidate = path_join(arena, dir, name);
        if (path_is_file(candidate))
            return cwd ? path_relative(arena, cwd, candidate) : candidate;
        if (strcmp(dir, "/") == 0)
            break;
        dir = path_dirname(arena, dir);
    }
    return NULL;
}

MemberResult project_select_member(ProjectContext *ctx, const char *workspace, const char *requested,
                                   const char *input, bool input_required, const char **manifest_out)
{
    Arena *arena = ctx->arena;
    uint32_t file;
    if (source_load(ctx->sources, workspace, SOURCE_DEFAULT_LIMIT, &file) != SOURCE_OK) {
        diag_report(ctx->diags, SPAN_NONE, DIAG_E3002_MANIFEST_READ, workspace, "cannot read the file");
        return MEMBER_ERROR;
    }
    const WorkspaceManifest *ws = workspace_manifest_read(arena, ctx->sources, file, ctx->diags);
    if (!ws)
        return MEMBER_ERROR;
    const char *dir = path_dirname(arena, workspace);
    const WorkspaceMember *chosen = NULL;
    if (requested) {
        for (uint32_t i = 0; i < ws->member_count && !chosen; i++)
            if (strcmp(ws->members[i].label, requested) == 0)
                chosen = &ws->members[i];
    } else if (input) {
        const char *input_canonical = path_canonical(arena, input);
        size_t best = 0;
        for (uint32_t i = 0; i < ws->member_count && input_canonical; i++) {
            const char *member = path_canonical(arena, path_join(arena, dir, ws->members[i].path));
            if (member && path_is_within(member, input_canonical) && strlen(member) > best) {
                best = strlen(member);
                chosen = &ws->members[i];
            }
        }
        if (!chosen && input_required)
            return MEMBER_NOT_CONTAINING;
    }
    if (!chosen && !requested && ws->member_count)
        chosen = &ws->members[0];
    if (!chosen) {
        diag_report(ctx->diags, SPAN_NONE, DIAG_E3004_MEMBER_UNRESOLVED, workspace, requested ? requested : "<auto>");
        return MEMBER_ERROR;
    }
    const char *manifest = path_join(arena, path_join(arena, dir, chosen->path), "Project.proj");
    if (!path_is_file(manifest)) {
        diag_report(ctx->diags, SPAN_NONE, DIAG_E3001_MEMBER_NOT_FOUND, chosen->label, manifest);
        return MEMBER_ERROR;
    }
    *manifest_out = manifest;
    return MEMBER_FOUND;
}
