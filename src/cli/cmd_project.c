/* cli/cmd_project.c: `beskid fetch`, `lock` and `update` (backends.md §6.3):
 * resolve the project (never compiling it), sync Project.lock and
 * materialise the dependencies, then say so. Without a manifest: E3001
 * ([FIX]; the reference printed success and did nothing). */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/compile.h"
#include "cli/resolve_input.h"

static int project_command(const CliArgs *args, ResolvePurpose purpose, const char *done)
{
    Compilation c;
    compilation_init(&c, args);
    ResolvedInput resolved;
    bool ok = cli_resolve_project(&c, args, purpose, &resolved);
    if (ok)
        puts(done);
    compilation_free(&c);
    return ok ? 0 : 1;
}

/* Git dependencies are left unresolved (a warning in the reference's words;
 * nothing to fetch them with yet), --frozen and --locked are honoured. */
int cmd_fetch(const CliArgs *args)
{
    return project_command(args, RESOLVE_FETCH, "Dependencies resolved and materialized.");
}

int cmd_lock(const CliArgs *args)
{
    return project_command(args, RESOLVE_LOCK, "Project.lock synchronized.");
}

int cmd_update(const CliArgs *args)
{
    return project_command(args, RESOLVE_UPDATE, "Dependency lock and materialized workspace updated.");
}
