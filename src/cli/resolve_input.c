/* cli/resolve_input.c: backends.md §6.2, steps 1–5. */
#include "cli/resolve_input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cache_dir.h"
#include "cli/corelib.h"
#include "pckg/pckg_resolve.h"
#include "project/project_discover.h"
#include "project/project_path.h"
#include "project/project_prepare.h"

static bool ends_with(const char *text, const char *suffix)
{
    size_t n = strlen(text), m = strlen(suffix);
    return n >= m && strcmp(text + n - m, suffix) == 0;
}

static bool is_workspace(Arena *arena, const char *path)
{
    return strcmp(path_basename(arena, path), "Workspace.proj") == 0;
}

/* Step 1: --project P (a directory: P/Project.proj, else P/Workspace.proj,
 * else P/Project.proj; a file: itself). */
static const char *project_flag_manifest(Arena *arena, const char *project)
{
    if (!path_is_dir(project))
        return project;
    const char *manifest = path_join(arena, project, "Project.proj");
    const char *workspace = path_join(arena, project, "Workspace.proj");
    return !path_is_file(manifest) && path_is_file(workspace) ? workspace : manifest;
}

static bool any_project_flag(const CliArgs *args)
{
    static const CliFlagId flags[] = {CLI_FLAG_PROJECT, CLI_FLAG_TARGET, CLI_FLAG_WORKSPACE_MEMBER, CLI_FLAG_FROZEN,
                                      CLI_FLAG_LOCKED};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (cli_has(args, flags[i]))
            return true;
    return false;
}

static void fail_render(Compilation *c)
{
    diag_output_list(&c->output, &c->sources, &c->diags);
}

/* The mounts of the dependency projects, dependency-first (§7.5 [FIX]). */
static void build_mounts(Compilation *c, ResolvedInput *out)
{
    const ProjectGraph *graph = &out->graph;
    CompileMount *mounts = ARENA_ARRAY(c->arena, CompileMount, graph->order_count + 1);
    for (uint32_t i = 0; i < graph->order_count; i++) {
        const ProjectNode *node = graph->order[i];
        if (node->is_std || project_is_std_label(node->name)) {
            /* the compiler compiles the standard library it embeds (docs/decisions.md) */
            mounts[i] = corelib_mount();
            out->has_std = true;
            continue;
        }
        const ProjectTarget *lib = project_library_target(node->manifest);
        mounts[i] = (CompileMount){
            .name = node->name,
            .source_root = path_join(c->arena, node->display_dir, node->manifest->root),
            .entry = lib ? lib->entry : NULL,
            .is_dependency = true,
        };
    }
    out->input.mounts = mounts;
    out->input.mount_count = graph->order_count;
}

/* Registry dependencies (pckg/pckg_resolve.h); the workspace and the
 * lockfile are read by the resolver on its first registry dependency. */
static void setup_registry(Compilation *c, const CliArgs *args, ResolvePurpose purpose, const char *manifest,
                           PckgResolver *r)
{
    Arena *arena = c->arena;
    pckg_resolver_init(r, arena, &c->diags, &c->sources, manifest);
    r->default_url = pckg_base_url(arena, cli_value(args, CLI_FLAG_BASE_URL, NULL));
    const char *timeout = cli_value(args, CLI_FLAG_TIMEOUT_SECS, NULL);
    if (timeout && atol(timeout) > 0)
        r->timeout_secs = atol(timeout);
    r->offline = cli_has(args, CLI_FLAG_OFFLINE);
    r->update = purpose == RESOLVE_UPDATE;
    r->user_agent = "beskid/" BESKID_VERSION;
    r->log = isatty(2) ? stderr : NULL; /* a progress bar for downloads on a terminal */
    const char *cache = cli_cache_dir(arena);
    r->cache = cache ? path_join(arena, cache, "pckg") : NULL;
}

static bool resolve(Compilation *c, const CliArgs *args, ResolvePurpose purpose, ResolvedInput *out)
{
    Arena *arena = c->arena;
    memset(out, 0, sizeof *out);
    const char *input = purpose == RESOLVE_COMPILE ? cli_operand(args, 0) : NULL;
    const char *project = cli_value(args, CLI_FLAG_PROJECT, NULL);
    const char *member = cli_value(args, CLI_FLAG_WORKSPACE_MEMBER, NULL);
    bool flags = any_project_flag(args);

    /* step 1: an explicit manifest */
    const char *candidate = NULL;
    if (project)
        candidate = project_flag_manifest(arena, project);
    else if (input && ends_with(input, ".proj")) {
        candidate = input;
        input = NULL;
    }
    out->explicit_file = input != NULL;
    /* an explicit file found its project by walking up: it may be outside it */
    bool may_be_outside = input && !candidate && !flags;

    /* step 2: walk up */
    const char *start = input ? path_dirname(arena, input) : ".";
    if (!candidate) {
        candidate = project_find_upward(arena, start, "Project.proj");
        if (!candidate)
            candidate = project_find_upward(arena, start, "Workspace.proj");
    }
    if (!candidate) {
        if (purpose != RESOLVE_COMPILE || (input && flags)) {
            const char *from = path_canonical(arena, start);
            diag_report(&c->diags, SPAN_NONE, DIAG_E3001_PROJECT_NOT_FOUND, from ? from : start);
            fail_render(c);
            return false;
        }
        if (!input) {
            diag_report(&c->diags, SPAN_NONE, DIAG_CLI_ERROR, "no input file provided and no `Project.proj` discovered");
            fail_render(c);
            return false;
        }
        out->input.path = input;
        return true;
    }

    ProjectContext ctx = {.arena = arena, .sources = &c->sources, .diags = &c->diags};
    /* step 3: a workspace is replaced by its member's Project.proj */
    if (is_workspace(arena, candidate)) {
        switch (project_select_member(&ctx, candidate, member, input, may_be_outside, &candidate)) {
        case MEMBER_FOUND: break;
        case MEMBER_NOT_CONTAINING: out->input.path = input; return true;
        case MEMBER_ERROR: fail_render(c); return false;
        }
    }

    /* [FIX]: an explicit file outside the source root never touches the project */
    if (may_be_outside) {
        const ProjectManifest *manifest = project_read_manifest(&ctx, candidate);
        if (!manifest) {
            fail_render(c);
            return false;
        }
        const char *root = path_canonical(arena, path_join(arena, path_dirname(arena, candidate), manifest->root));
        const char *file = path_canonical(arena, input);
        if (!root || !file || !path_is_within(root, file)) {
            out->input.path = input;
            return true;
        }
    }

    /* step 4: the compile plan, then the workspace */
    PckgResolver registry;
    setup_registry(c, args, purpose, candidate, &registry);
    ctx.registry = &registry.iface;
    ctx.corelib = project_corelib_location(arena);
    ctx.corelib_version = corelib_embedded_version;
    ctx.corelib_digest = arena_printf(arena, "sha256:%s", corelib_embedded_digest);
    /* a conflict between registry requirements restarts the graph with
     * what it learnt (pckg_resolver_retry); a few rounds at most */
    bool built = false;
    for (int attempt = 0; attempt < 8 && !built; attempt++) {
        built = project_graph_build(&ctx, candidate, &out->graph);
        if (!built && !pckg_resolver_retry(&registry))
            break;
    }
    if (!built) {
        if (!c->diags.error_count)
            diag_report(&c->diags, SPAN_NONE, DIAG_E3049_VERSION_CONFLICT, "(several)",
                        "the requirements did not settle after 8 attempts");
        fail_render(c);
        return false;
    }
    const ProjectNode *root = out->graph.root;
    const char *target_name = cli_value(args, CLI_FLAG_TARGET, NULL);
    out->target = project_target(root->manifest, target_name);
    if (!out->target) {
        diag_report(&c->diags, SPAN_NONE, DIAG_E3005_TARGET_NOT_FOUND, target_name);
        fail_render(c);
        return false;
    }
    if (purpose == RESOLVE_COMPILE && out->graph.git_unresolved) {
        diag_report(&c->diags, SPAN_NONE, DIAG_E3008_UNRESOLVED_EXTERNAL, out->graph.git_unresolved);
        fail_render(c);
        return false;
    }
    bool relock = purpose == RESOLVE_LOCK || purpose == RESOLVE_UPDATE;
    ProjectPrepareOptions options = {
        .frozen = !relock && cli_has(args, CLI_FLAG_FROZEN),
        .locked = !relock && cli_has(args, CLI_FLAG_LOCKED),
    };
    if (!project_prepare(&ctx, &out->graph, &options)) {
        fail_render(c);
        return false;
    }

    /* step 5: the source file */
    out->is_project = true;
    const char *source_root = path_join(arena, root->display_dir, root->manifest->root);
    if (input) {
        const char *root_canonical = path_canonical(arena, source_root);
        const char *file = path_canonical(arena, input);
        out->input.path = input;
        if (root_canonical && file && path_is_within(root_canonical, file))
            out->input.source_root = source_root;
    } else {
        out->input.path = path_join(arena, source_root, out->target->entry);
        out->input.source_root = source_root;
    }
    build_mounts(c, out);
    return true;
}

/* `Std` is mounted for every program (language.md §4.2), a lone file too;
 * its modules are loaded only when the program names them. */
static void mount_std(Compilation *c, ResolvedInput *out)
{
    for (uint32_t i = 0; i < out->input.mount_count; i++)
        if (strcmp(out->input.mounts[i].name, "Std") == 0)
            return;
    CompileMount *mounts = ARENA_ARRAY(c->arena, CompileMount, out->input.mount_count + 1);
    for (uint32_t i = 0; i < out->input.mount_count; i++)
        mounts[i] = out->input.mounts[i];
    mounts[out->input.mount_count] = corelib_mount();
    out->input.mounts = mounts;
    out->input.mount_count++;
}

bool cli_resolve_input(Compilation *c, const CliArgs *args, ResolvedInput *out)
{
    if (!resolve(c, args, RESOLVE_COMPILE, out))
        return false;
    mount_std(c, out);
    return true;
}

bool cli_resolve_project(Compilation *c, const CliArgs *args, ResolvePurpose purpose, ResolvedInput *out)
{
    return resolve(c, args, purpose, out);
}

bool cli_begin(Compilation *c, const CliArgs *args, ResolvedInput *out)
{
    compilation_init(c, args);
    c->verify_ir = cli_has(args, CLI_FLAG_VERIFY_IR);
    if (cli_resolve_input(c, args, out))
        return true;
    compilation_free(c);
    return false;
}
