/* project/project_manifest.h: what Project.proj and Workspace.proj mean
 * (backends.md §7.2, §7.3): the parsed blocks of manifest.h, validated into
 * typed records. Every E3004 error points at the block or value at fault. */
#ifndef BESKID_PROJECT_PROJECT_MANIFEST_H
#define BESKID_PROJECT_PROJECT_MANIFEST_H
#include <stdbool.h>
#include <stdint.h>

#include "project/manifest.h"

typedef enum ProjectTargetKind { PROJECT_TARGET_APP, PROJECT_TARGET_LIB, PROJECT_TARGET_TEST } ProjectTargetKind;

typedef struct ProjectTarget {
    const char *label;
    ProjectTargetKind kind;
    const char *entry; /* relative to the source root, never escaping it */
} ProjectTarget;

typedef enum ProjectSource { PROJECT_SOURCE_PATH, PROJECT_SOURCE_GIT, PROJECT_SOURCE_REGISTRY } ProjectSource;

struct ProjectDependency {
    const char *label; /* the name the consumer uses (`use Core.…`) */
    Span label_span;
    ProjectSource source;
    const char *path;     /* path: relative to the project directory; NULL only for `Std` */
    const char *url, *rev; /* git */
    const char *version, *registry; /* registry; 'registry' may be NULL */
};
typedef struct ProjectDependency ProjectDependency;

typedef struct ProjectManifest {
    uint32_t file;
    const char *name;
    const char *version;
    const char *root; /* source root relative to the project directory (default "Src") */
    const char *root_namespace; /* may be NULL */
    const ProjectTarget *targets; /* at least one */
    uint32_t target_count;
    const ProjectDependency *dependencies;
    uint32_t dependency_count;
} ProjectManifest;

typedef struct WorkspaceMember {
    const char *label;
    const char *path; /* relative to the workspace directory */
} WorkspaceMember;

typedef struct WorkspaceManifest {
    uint32_t file;
    const char *name;
    const char *resolver;
    const WorkspaceMember *members;
    uint32_t member_count;
    /* override "Name" { version }: forced registry versions */
    const char *const *override_names;
    const char *const *override_versions;
    uint32_t override_count;
    /* registry "alias" { url } */
    const char *const *registry_aliases;
    const char *const *registry_urls;
    uint32_t registry_count;
} WorkspaceManifest;

/* Parse (E3003) and validate (E3004) 'file' of 'map'; NULL after errors. */
ProjectManifest *project_manifest_read(Arena *arena, const SourceMap *map, uint32_t file, DiagList *diags);
WorkspaceManifest *workspace_manifest_read(Arena *arena, const SourceMap *map, uint32_t file, DiagList *diags);
/* `Std` in any case: the standard library's label. */
bool project_is_std_label(const char *label);
/* The default target (§7.2): 'name' when given (NULL if there is none), else
 * the first App target, else the first target. */
const ProjectTarget *project_target(const ProjectManifest *manifest, const char *name);
#endif
