/* project/project_manifest.c: validation of Project.proj and Workspace.proj
 * (backends.md §7.2, §7.3). Unknown keys are ignored; of repeated `project`
 * or `workspace` blocks the last wins; every other error is reported (all
 * of them, not only the first) at the block or value at fault. */
#include "project/project_manifest.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

typedef struct Validator {
    Arena *arena;
    DiagList *diags;
    uint32_t file;
    bool ok;
} Validator;

static void invalid(Validator *v, Span span, const char *message)
{
    diag_report(v->diags, span, DIAG_E3004_MANIFEST_INVALID, message);
    v->ok = false;
}

static bool is_blank_text(const char *text)
{
    for (; *text; text++)
        if (!isspace((unsigned char)*text))
            return false;
    return true;
}

/* The value of 'key', or NULL; a missing required key is reported at the
 * block's kind. */
static const char *required(Validator *v, const ManifestBlock *block, const char *key)
{
    const ManifestEntry *entry = manifest_entry(block, key);
    if (!entry) {
        invalid(v, block->kind_span, arena_printf(v->arena, "missing required field `%s`", key));
        return NULL;
    }
    return entry->value;
}

static const char *optional(const ManifestBlock *block, const char *key)
{
    const ManifestEntry *entry = manifest_entry(block, key);
    return entry ? entry->value : NULL;
}

static Span value_span(const ManifestBlock *block, const char *key)
{
    const ManifestEntry *entry = manifest_entry(block, key);
    return entry ? entry->value_span : block->kind_span;
}

/* Whether 'path' has a `..` segment. */
static bool escapes(const char *path)
{
    for (const char *p = path; *p;) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.')
            return true;
        p += len + (end ? 1 : 0);
    }
    return false;
}

/* The last block of 'kind', or NULL (repeated singleton blocks: last wins). */
static const ManifestBlock *last_block(const Manifest *manifest, const char *kind)
{
    const ManifestBlock *found = NULL;
    for (uint32_t i = 0; i < manifest->blocks.count; i++)
        if (strcmp(manifest->blocks.items[i].kind, kind) == 0)
            found = &manifest->blocks.items[i];
    return found;
}

/* The block's label, or NULL after reporting `{kind} block must include a label`. */
static const char *label_of(Validator *v, const ManifestBlock *block)
{
    if (block->label && !is_blank_text(block->label))
        return block->label;
    invalid(v, block->kind_span, arena_printf(v->arena, "%s block must include a label", block->kind));
    return NULL;
}

/* Whether 'label' was already seen among the first 'count' labels of 'seen'. */
static bool seen_before(const char *const *seen, uint32_t count, const char *label)
{
    for (uint32_t i = 0; i < count; i++)
        if (seen[i] && strcmp(seen[i], label) == 0)
            return true;
    return false;
}

static Span file_start(const Validator *v)
{
    return (Span){v->file, 0, 0};
}

bool project_is_std_label(const char *label)
{
    return strcasecmp(label, "Std") == 0;
}

/* project { name version [root] [root_namespace] } */
static void validate_project_block(Validator *v, const Manifest *manifest, ProjectManifest *out)
{
    const ManifestBlock *project = last_block(manifest, "project");
    if (!project) {
        invalid(v, file_start(v), "missing required `project` block");
        return;
    }
    out->name = required(v, project, "name");
    if (out->name && is_blank_text(out->name))
        invalid(v, value_span(project, "name"), "`project.name` is required");
    out->version = required(v, project, "version");
    if (out->version && is_blank_text(out->version))
        invalid(v, value_span(project, "version"), "`project.version` is required");
    out->root = optional(project, "root");
    if (!out->root)
        out->root = "Src";
    else if (is_blank_text(out->root))
        invalid(v, value_span(project, "root"), "`project.root` cannot be empty");
    out->root_namespace = optional(project, "root_namespace");
}

static bool parse_target_kind(const char *text, ProjectTargetKind *kind)
{
    static const char *const names[] = {"App", "Lib", "Test"};
    for (int i = 0; i < 3; i++)
        if (strcasecmp(text, names[i]) == 0) {
            *kind = (ProjectTargetKind)i;
            return true;
        }
    return false;
}

/* target "label" { kind entry } */
static void validate_targets(Validator *v, const Manifest *manifest, ProjectManifest *out)
{
    VEC(ProjectTarget) targets = {0};
    VEC(const char *) labels = {0};
    for (uint32_t i = 0; i < manifest->blocks.count; i++) {
        const ManifestBlock *block = &manifest->blocks.items[i];
        if (strcmp(block->kind, "target") != 0)
            continue;
        ProjectTarget target = {.label = label_of(v, block)};
        if (target.label && seen_before(labels.items, labels.count, target.label))
            invalid(v, block->label_span, arena_printf(v->arena, "duplicate target label `%s`", target.label));
        VEC_PUSH(v->arena, &labels, target.label);
        const char *kind = required(v, block, "kind");
        if (kind && !parse_target_kind(kind, &target.kind))
            invalid(v, value_span(block, "kind"),
                    arena_printf(v->arena,
                                 "target `%s` has unsupported kind `%s` (expected App, Lib, or Test, e.g. `kind = Lib`)",
                                 target.label ? target.label : "", kind));
        target.entry = required(v, block, "entry");
        if (target.entry && (target.entry[0] == '/' || is_blank_text(target.entry)))
            invalid(v, value_span(block, "entry"),
                    arena_printf(v->arena, "target entry path must be relative: `%s`", target.entry));
        else if (target.entry && escapes(target.entry))
            invalid(v, value_span(block, "entry"),
                    arena_printf(v->arena, "target entry path cannot escape source root: `%s`", target.entry));
        VEC_PUSH(v->arena, &targets, target);
    }
    if (targets.count == 0)
        invalid(v, file_start(v), "at least one `target` block is required");
    out->targets = targets.items;
    out->target_count = targets.count;
}

static bool parse_source(const char *text, ProjectSource *source)
{
    static const char *const names[] = {"path", "git", "registry"};
    for (int i = 0; i < 3; i++)
        if (strcasecmp(text, names[i]) == 0) {
            *source = (ProjectSource)i;
            return true;
        }
    return false;
}

/* A value that must be present and not blank for this source. */
static const char *needs(Validator *v, const ManifestBlock *block, const char *dep, const char *source,
                         const char *key)
{
    const char *value = optional(block, key);
    if (value && !is_blank_text(value))
        return value;
    invalid(v, value_span(block, key),
            arena_printf(v->arena, "dependency `%s` with source = %s requires `%s`", dep, source, key));
    return NULL;
}

/* dependency "label" { source path | url rev | version [registry] } */
static void validate_dependencies(Validator *v, const Manifest *manifest, ProjectManifest *out)
{
    VEC(ProjectDependency) deps = {0};
    VEC(const char *) labels = {0};
    for (uint32_t i = 0; i < manifest->blocks.count; i++) {
        const ManifestBlock *block = &manifest->blocks.items[i];
        if (strcmp(block->kind, "dependency") != 0)
            continue;
        ProjectDependency dep = {.label = label_of(v, block), .label_span = block->label_span};
        if (!dep.label) {
            dep.label = "";
            dep.label_span = block->kind_span;
        } else if (seen_before(labels.items, labels.count, dep.label))
            invalid(v, block->label_span, arena_printf(v->arena, "duplicate dependency label `%s`", dep.label));
        VEC_PUSH(v->arena, &labels, dep.label);
        const char *source = required(v, block, "source");
        if (!source)
            continue;
        if (!parse_source(source, &dep.source)) {
            invalid(v, value_span(block, "source"),
                    arena_printf(v->arena,
                                 "dependency `%s` has unsupported source `%s` (expected path, git, or registry, e.g. "
                                 "`source = path`)",
                                 dep.label, source));
            continue;
        }
        switch (dep.source) {
        case PROJECT_SOURCE_PATH:
            dep.path = optional(block, "path");
            if (dep.path && is_blank_text(dep.path))
                dep.path = NULL;
            if (!dep.path && !project_is_std_label(dep.label))
                needs(v, block, dep.label, "path", "path");
            break;
        case PROJECT_SOURCE_GIT:
            dep.url = needs(v, block, dep.label, "git", "url");
            dep.rev = needs(v, block, dep.label, "git", "rev");
            break;
        case PROJECT_SOURCE_REGISTRY:
            dep.version = needs(v, block, dep.label, "registry", "version");
            dep.registry = optional(block, "registry");
            break;
        }
        VEC_PUSH(v->arena, &deps, dep);
    }
    out->dependencies = deps.items;
    out->dependency_count = deps.count;
}

ProjectManifest *project_manifest_read(Arena *arena, const SourceMap *map, uint32_t file, DiagList *diags)
{
    Manifest *manifest = manifest_parse(arena, map, file, MANIFEST_PROJECT, diags);
    if (!manifest)
        return NULL;
    Validator v = {.arena = arena, .diags = diags, .file = file, .ok = true};
    ProjectManifest *out = ARENA_NEW(arena, ProjectManifest);
    out->file = file;
    validate_project_block(&v, manifest, out);
    validate_targets(&v, manifest, out);
    validate_dependencies(&v, manifest, out);
    return v.ok ? out : NULL;
}

const ProjectTarget *project_target(const ProjectManifest *manifest, const char *name)
{
    if (name) {
        for (uint32_t i = 0; i < manifest->target_count; i++)
            if (strcmp(manifest->targets[i].label, name) == 0)
                return &manifest->targets[i];
        return NULL;
    }
    for (uint32_t i = 0; i < manifest->target_count; i++)
        if (manifest->targets[i].kind == PROJECT_TARGET_APP)
            return &manifest->targets[i];
    return manifest->target_count ? &manifest->targets[0] : NULL;
}

/* {=================== Workspace.proj ===================} */

/* Labelled blocks of 'kind' with one required non-empty value 'key'
 * (`member` path, `override` version, `registry` url). */
typedef struct Labelled {
    VEC(const char *) labels;
    VEC(const char *) values;
} Labelled;

static void collect_labelled(Validator *v, const Manifest *manifest, const char *kind, const char *key,
                             Labelled *out)
{
    for (uint32_t i = 0; i < manifest->blocks.count; i++) {
        const ManifestBlock *block = &manifest->blocks.items[i];
        if (strcmp(block->kind, kind) != 0)
            continue;
        const char *label = label_of(v, block);
        if (!label)
            continue;
        if (seen_before(out->labels.items, out->labels.count, label)) {
            invalid(v, block->label_span, arena_printf(v->arena, "duplicate %s label `%s`", kind, label));
            continue;
        }
        const char *value = optional(block, key);
        if (!value || is_blank_text(value)) {
            invalid(v, value_span(block, key),
                    arena_printf(v->arena, "%s `%s` requires non-empty `%s`", kind, label, key));
            continue;
        }
        if (strcmp(kind, "member") == 0) {
            if (value[0] == '/') {
                invalid(v, value_span(block, key), arena_printf(v->arena, "member path must be relative: `%s`", value));
                continue;
            }
            if (escapes(value)) {
                invalid(v, value_span(block, key),
                        arena_printf(v->arena, "member path cannot escape workspace root: `%s`", value));
                continue;
            }
        }
        VEC_PUSH(v->arena, &out->labels, label);
        VEC_PUSH(v->arena, &out->values, value);
    }
}

WorkspaceManifest *workspace_manifest_read(Arena *arena, const SourceMap *map, uint32_t file, DiagList *diags)
{
    Manifest *manifest = manifest_parse(arena, map, file, MANIFEST_WORKSPACE, diags);
    if (!manifest)
        return NULL;
    Validator v = {.arena = arena, .diags = diags, .file = file, .ok = true};
    WorkspaceManifest *out = ARENA_NEW(arena, WorkspaceManifest);
    out->file = file;
    const ManifestBlock *workspace = last_block(manifest, "workspace");
    if (!workspace) {
        invalid(&v, file_start(&v), "missing required `workspace` block");
    } else {
        out->name = required(&v, workspace, "name");
        if (out->name && is_blank_text(out->name))
            invalid(&v, value_span(workspace, "name"), "`workspace.name` is required");
        out->resolver = optional(workspace, "resolver");
        if (!out->resolver)
            out->resolver = "v1";
        else if (is_blank_text(out->resolver))
            invalid(&v, value_span(workspace, "resolver"), "`workspace.resolver` cannot be empty");
    }
    Labelled members = {0}, overrides = {0}, registries = {0};
    collect_labelled(&v, manifest, "member", "path", &members);
    collect_labelled(&v, manifest, "override", "version", &overrides);
    collect_labelled(&v, manifest, "registry", "url", &registries);
    WorkspaceMember *list = ARENA_ARRAY(arena, WorkspaceMember, members.labels.count + 1);
    for (uint32_t i = 0; i < members.labels.count; i++)
        list[i] = (WorkspaceMember){members.labels.items[i], members.values.items[i]};
    out->members = list;
    out->member_count = members.labels.count;
    out->override_names = overrides.labels.items;
    out->override_versions = overrides.values.items;
    out->override_count = overrides.labels.count;
    out->registry_aliases = registries.labels.items;
    out->registry_urls = registries.values.items;
    out->registry_count = registries.labels.count;
    return v.ok ? out : NULL;
}
