/* cli/resolve_input.h: input resolution (backends.md §6.2 and its [FIX]),
 * shared by every command that compiles (run, build, test, analyze, ir) and,
 * without INPUT, by fetch, lock and update. It finds the manifest (--project,
 * a `.proj` INPUT, or a walk up from INPUT's directory or the current one),
 * selects the workspace member and the target, builds the dependency graph,
 * checks and syncs Project.lock and materialises the sources (project/), and
 * says what to compile as a CompileInput.
 *
 * An explicit `.bd` INPUT outside the found project's source root is a lone
 * file: the project is never read further nor written (unless a project
 * flag asks for it). Inside the source root it is compiled with the
 * project's dependencies, under the same lockfile policy as the project. */
#ifndef BESKID_CLI_RESOLVE_INPUT_H
#define BESKID_CLI_RESOLVE_INPUT_H
#include <stdbool.h>

#include "cli/compile.h"
#include "project/project_graph.h"

typedef enum ResolvePurpose {
    RESOLVE_COMPILE, /* run, build, test, analyze, ir: git dependencies are E3008 */
    RESOLVE_FETCH,   /* fetch: git dependencies ignored; --frozen/--locked honoured */
    RESOLVE_LOCK,    /* lock: never frozen or locked */
    RESOLVE_UPDATE,  /* update: as lock, and registry versions chosen afresh */
} ResolvePurpose;

typedef struct ResolvedInput {
    CompileInput input;
    bool is_project;           /* false: a lone file */
    ProjectGraph graph;        /* is_project: the root and its dependencies */
    const ProjectTarget *target; /* is_project: the selected target */
    bool explicit_file;        /* an explicit `.bd` INPUT was given */
    bool has_std;              /* the project graph has a `Std` dependency (implicit or declared) */
} ResolvedInput;

/* For the compiling commands: resolves with the Compilation's arena,
 * sources and diagnostics. False after rendering the errors (exit 1). */
bool cli_resolve_input(Compilation *c, const CliArgs *args, ResolvedInput *out);
/* The start of run, build and test: 'c' made for 'args' (with --verify-ir)
 * and the input resolved. False after rendering the errors, 'c' freed. */
bool cli_begin(Compilation *c, const CliArgs *args, ResolvedInput *out);
/* For fetch, lock and update: a project is required (E3001 without one). */
bool cli_resolve_project(Compilation *c, const CliArgs *args, ResolvePurpose purpose, ResolvedInput *out);
#endif
