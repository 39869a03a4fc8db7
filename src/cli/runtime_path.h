/* cli/runtime_path.h: where the runtime archive lives, relative to the
 * running beskid binary: beside it in the build tree (build/MODE/), or in
 * ../lib/beskid/ after `make install`. */
#ifndef BESKID_CLI_RUNTIME_PATH_H
#define BESKID_CLI_RUNTIME_PATH_H

/* Returns a malloc'ed directory name (never NULL). */
char *runtime_dir_find(void);
#endif
