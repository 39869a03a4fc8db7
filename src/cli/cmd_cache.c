/* cli/cmd_cache.c: `beskid cache clean` — empties the compiled-code cache of
 * `beskid run` (backend/jit/jit_cache.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "backend/jit/jit_cache.h"
#include "cli/cache_dir.h"
#include "cli/commands.h"

int cmd_cache(const CliArgs *args)
{
    const char *action = cli_operand(args, 0);
    if (strcmp(action, "clean") != 0) {
        static const char *const actions[] = {"clean"};
        const char *near = cli_suggest(action, actions, 1);
        char tip[64];
        snprintf(tip, sizeof tip, "did you mean `%s`?", near ? near : "");
        return cli_usage_error(args->command, near ? tip : NULL, "unknown cache action `%s`", action);
    }
    const char *dir = cli_cache_dir(args->arena);
    if (!dir) {
        fputs("error: no cache directory: set XDG_CACHE_HOME or HOME\n", stderr);
        return 1;
    }
    uint32_t removed = 0;
    uint64_t bytes = 0;
    if (!jit_cache_clean(dir, &removed, &bytes)) {
        fprintf(stderr, "error: cannot read the cache directory %s\n", dir);
        return 1;
    }
    printf("removed %" PRIu32 " %s (%" PRIu64 " bytes) from %s\n", removed, removed == 1 ? "entry" : "entries", bytes,
           dir);
    return 0;
}
