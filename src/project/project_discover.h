/* project/project_discover.h: finding manifests (backends.md §6.2, §7.4):
 * walking up from a directory, and choosing a workspace member. Paths come
 * back as the user should see them: relative to the current directory when
 * the walk started from a relative path, absolute otherwise. */
#ifndef BESKID_PROJECT_PROJECT_DISCOVER_H
#define BESKID_PROJECT_PROJECT_DISCOVER_H
#include <stdbool.h>

#include "project/project_graph.h"

/* The nearest 'name' (`Project.proj`, `Workspace.proj`) in 'start_dir' or
 * above; NULL when there is none. */
const char *project_find_upward(Arena *arena, const char *start_dir, const char *name);

typedef enum MemberResult { MEMBER_FOUND, MEMBER_NOT_CONTAINING, MEMBER_ERROR } MemberResult;

/* The Project.proj of the member of the workspace 'workspace' (its manifest
 * path): 'requested' by label; else the member whose directory holds
 * 'input' (deepest wins); else the first member, unless 'input_required',
 * when MEMBER_NOT_CONTAINING says that no member holds 'input'. E3004 when no
 * member matches, E3001 when the member has no Project.proj. */
MemberResult project_select_member(ProjectContext *ctx, const char *workspace, const char *requested,
                                   const char *input, bool input_required, const char **manifest_out);
#endif
