/* backend/aot/aot_internal.h: helpers shared by the AOT files: path
 * arithmetic and atomic file writes (aot_files.c) and tool invocation
 * (aot_link.c). Commands are argv arrays, never shell strings. */
#ifndef BESKID_BACKEND_AOT_AOT_INTERNAL_H
#define BESKID_BACKEND_AOT_AOT_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>

#include "artifact/ir.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/strbuf.h"

/* Directory part of 'path' as written ("" when it has none). */
const char *aot_dirname(Arena *arena, const char *path);
/* File name without directory and last extension; NULL → "aot_out". */
const char *aot_stem(Arena *arena, const char *path);
/* 'dir'/'name', or 'name' alone when 'dir' is "". */
const char *aot_join(Arena *arena, const char *dir, const char *name);
/* 'path' with its last extension replaced by 'ext' (".o"), or appended. */
const char *aot_replace_ext(Arena *arena, const char *path, const char *ext);
bool aot_file_exists(const char *path);
/* Creates the parent directories of 'path' (E4040 on failure). */
bool aot_make_parent(const char *path, DiagList *diags);
/* Writes 'size' bytes to a temporary next to 'path', then renames (E4040). */
bool aot_write_file(const char *path, const void *bytes, size_t size, DiagList *diags);
/* A temporary name next to 'path' ('path'.tmp.{pid}). */
const char *aot_temp_path(Arena *arena, const char *path);

/* aot_header.c: writes the C header of the library 'library' (E4040). */
bool aot_write_header(const Artifact *a, const char *path, const char *library, DiagList *diags);

/* Runs argv (NULL-terminated) with stdin from 'stdin_path' when non-NULL.
 * 'shown' is the command line reported in E4021. E4020 when the tool cannot
 * be spawned. */
bool aot_run_tool(const char *const *argv, const char *stdin_path, const char *shown, DiagList *diags);
/* Runs argv and appends its stdout to 'output'. False when it cannot be
 * spawned ('*spawn_error' = errno); '*status_out' is the exit status (-1: signal). */
bool aot_capture_tool(const char *const *argv, StrBuf *output, int *status_out, int *spawn_error);
#endif
