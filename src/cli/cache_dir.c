/* cli/cache_dir.c: the cache directory, from the environment. */
#include "cli/cache_dir.h"

#include <stdlib.h>

const char *cli_cache_dir(Arena *arena)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    if (xdg && xdg[0] == '/')
        return arena_printf(arena, "%s/beskid", xdg);
    const char *home = getenv("HOME");
    if (home && home[0] == '/')
        return arena_printf(arena, "%s/.cache/beskid", home);
    return NULL;
}
