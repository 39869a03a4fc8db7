/* cli/runtime_path.h: where the files of the installation live, relative to
 * the running executable: beside it in the build tree (build/MODE/), or in
 * ../lib/beskid/ after `make install` (the runtime archive, the compiler
 * that the launcher starts). */
#ifndef BESKID_CLI_RUNTIME_PATH_H
#define BESKID_CLI_RUNTIME_PATH_H

/* The malloc'ed path of file 'name' beside the running executable, else in
 * its ../lib/beskid/; NULL when it is in neither. */
char *install_file_find(const char *name);
/* The directory holding libbeskid_rt.a; the executable's own (or ".") when
 * none does. Returns a malloc'ed name (never NULL). */
char *runtime_dir_find(void);
#endif
