/* project/project_path.h: the file-system paths projects need: joining and
 * lexical normalisation (for paths shown to the user), canonical paths (for
 * identity), relative paths with forward slashes (for the lockfile). */
#ifndef BESKID_PROJECT_PROJECT_PATH_H
#define BESKID_PROJECT_PROJECT_PATH_H
#include <stdbool.h>

#include "support/arena.h"

/* 'b' if it is absolute, else 'a/b', lexically normalised. */
const char *path_join(Arena *arena, const char *a, const char *b);
/* Removes `.` segments, `x/..` pairs and doubled slashes; "" becomes ".". */
const char *path_normalize(Arena *arena, const char *path);
/* The directory part ("." when there is none). */
const char *path_dirname(Arena *arena, const char *path);
/* The last segment ("Src" of "a/Src/"). */
const char *path_basename(Arena *arena, const char *path);
/* The resolved absolute path, or NULL when it does not exist (errno set). */
const char *path_canonical(Arena *arena, const char *path);
/* 'to' relative to the directory 'from', both canonical: forward slashes,
 * `..` where needed, "." when equal. */
const char *path_relative(Arena *arena, const char *from, const char *to);
/* Whether canonical 'path' is 'dir' or below it. */
bool path_is_within(const char *dir, const char *path);
bool path_is_file(const char *path);
bool path_is_dir(const char *path);
/* Removes 'path' and everything under it, links themselves and never what
 * they point to; what cannot be removed stays (best effort). */
void path_remove_tree(const char *path);
#endif
