/* cli/cache_dir.h: where `beskid run` keeps compiled code
 * (backend/jit/jit_cache.h): $XDG_CACHE_HOME/beskid, or ~/.cache/beskid. */
#ifndef BESKID_CLI_CACHE_DIR_H
#define BESKID_CLI_CACHE_DIR_H
#include "support/arena.h"

/* NULL when neither an absolute XDG_CACHE_HOME nor HOME is set (relative
 * values are ignored, as the XDG base directory specification says). */
const char *cli_cache_dir(Arena *arena);
#endif
