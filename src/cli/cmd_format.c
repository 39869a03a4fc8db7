/* cli/cmd_format.c: `beskid format` / `fmt` (backends.md §6.3): formats a
 * .bd file, every .bd file under a directory, or the source roots of a
 * project, with the formatter of syntax/fmt.h. A file is printed on stdout,
 * rewritten in place (--write), written elsewhere (--output) or only checked
 * (--check). Every write goes to a temporary beside the target, renamed into
 * place: a file is never left half-written. An input that does not parse is
 * reported and left untouched. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/diag_output.h"
#include "project/project_manifest.h"
#include "project/project_path.h"
#include "support/diag.h"
#include "support/intern.h"
#include "support/source.h"
#include "support/strbuf.h"
#include "syntax/fmt.h"

typedef enum FormatMode { FORMAT_STDOUT, FORMAT_WRITE, FORMAT_OUTPUT, FORMAT_CHECK } FormatMode;

typedef struct Formatter {
    const CliArgs *args;
    DiagOutput output;
    FormatMode mode;
    const char *output_path;
    unsigned files;  /* .bd files formatted or checked (parsed) */
    unsigned errors; /* files that failed (parse errors, I/O, not formatted) */
} Formatter;

/* Directories a walk never enters (backends.md §6.3). */
static const char *const skipped_dirs[] = {".git", "target", "node_modules", "dist", ".venv",
                                           "vendor", "__pycache__", ".svn", ".hg"};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* `12.34ms`, or `1.23s` from a second on. */
static void print_elapsed(FILE *out, double ms)
{
    if (ms >= 1000.0)
        fprintf(out, "%.2fs", ms / 1000.0);
    else
        fprintf(out, "%.2fms", ms);
}

/* A one-line error (`error: …` on stderr, or JSON), as the other commands show them. */
static void report(Formatter *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report(Formatter *f, const char *fmt, ...)
{
    Arena *arena = arena_new();
    SourceMap map;
    source_map_init(&map, arena);
    DiagList diags;
    diag_list_init(&diags, arena);
    va_list ap;
    va_start(ap, fmt);
    StrBuf sb = {0};
    strbuf_vprintf(&sb, fmt, ap);
    va_end(ap);
    diag_report(&diags, SPAN_NONE, DIAG_CLI_ERROR, arena_strndup(arena, strbuf_cstr(&sb), sb.len));
    strbuf_free(&sb);
    diag_output_list(&f->output, &map, &diags);
    arena_free(arena);
}

/* Writes 'len' bytes to 'path' through a temporary in the same directory,
 * renamed over it; 'mode' for a new file (an existing one keeps its own). */
static bool write_atomically(Formatter *f, const char *path, const char *text, size_t len)
{
    size_t plen = strlen(path);
    char *temp = malloc(plen + 16);
    if (!temp) {
        report(f, "cannot write %s: out of memory", path);
        return false;
    }
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    snprintf(temp, plen + 16, "%.*s.%s.XXXXXX", (int)dir_len, path, path + dir_len);
    int fd = mkstemp(temp);
    if (fd < 0) {
        report(f, "cannot write %s: %s", path, strerror(errno));
        free(temp);
        return false;
    }
    struct stat st;
    mode_t mode = 0644;
    if (stat(path, &st) == 0)
        mode = st.st_mode & 07777;
    else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    bool ok = fchmod(fd, mode) == 0;
    for (size_t done = 0; ok && done < len;) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        done += n > 0 ? (size_t)n : 0;
    }
    int saved = errno;
    ok = close(fd) == 0 && ok;
    if (ok && rename(temp, path) != 0) {
        saved = errno;
        ok = false;
    }
    if (!ok) {
        unlink(temp);
        report(f, "cannot write %s: %s", path, strerror(saved ? saved : EIO));
    }
    free(temp);
    return ok;
}

/* Formats one .bd file in the mode of 'f'; false after reporting. */
static bool format_one(Formatter *f, const char *path)
{
    Arena *arena = arena_new();
    Interner *interner = intern_new(arena);
    SourceMap map;
    source_map_init(&map, arena);
    DiagList diags;
    diag_list_init(&diags, arena);
    uint32_t file = 0;
    bool ok = false;
    switch (source_load(&map, path, SOURCE_DEFAULT_LIMIT, &file)) {
    case SOURCE_UNREADABLE:
        report(f, "Failed to read file: %s", path);
        goto done;
    case SOURCE_TOO_LARGE:
        diag_report(&diags, SPAN_NONE, DIAG_E0001_INPUT_TOO_LARGE, path,
                    arena_printf(arena, "%zu", (size_t)SOURCE_DEFAULT_LIMIT));
        diag_output_list(&f->output, &map, &diags);
        goto done;
    case SOURCE_OK:
        break;
    }
    FmtResult result;
    if (!fmt_file(arena, interner, &map, file, &diags, &result)) {
        diag_output_list(&f->output, &map, &diags);
        goto done;
    }
    f->files++; /* formatted or checked, whatever the outcome */
    switch (f->mode) {
    case FORMAT_STDOUT:
        ok = fwrite(result.text, 1, result.len, stdout) == result.len && fflush(stdout) == 0;
        if (!ok)
            report(f, "cannot write the formatted file to stdout");
        break;
    case FORMAT_WRITE:
        ok = !result.changed || write_atomically(f, path, result.text, result.len);
        break;
    case FORMAT_OUTPUT:
        ok = write_atomically(f, f->output_path, result.text, result.len);
        break;
    case FORMAT_CHECK:
        ok = !result.changed;
        if (!ok)
            report(f, "not formatted: %s (run `beskid format --write %s`)", path, path);
        break;
    }
done:
    if (!ok)
        f->errors++;
    arena_free(arena);
    return ok;
}

static bool is_skipped(const char *name)
{
    for (size_t i = 0; i < sizeof skipped_dirs / sizeof skipped_dirs[0]; i++)
        if (strcmp(name, skipped_dirs[i]) == 0)
            return true;
    return false;
}

static bool has_bd_extension(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".bd") == 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every .bd file under 'dir', in name order, depth first. Symbolic links to
 * files are followed; to directories, not (no cycles). */
static void walk(Formatter *f, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        report(f, "cannot read directory %s: %s", dir, strerror(errno));
        f->errors++;
        return;
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 32;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown)
                break;
            names = grown;
        }
        names[count] = strdup(e->d_name);
        if (names[count])
            count++;
    }
    closedir(d);
    if (count)
        qsort(names, count, sizeof *names, compare_names);
    size_t dlen = strlen(dir);
    bool slash = dlen && dir[dlen - 1] == '/';
    for (size_t i = 0; i < count; i++) {
        size_t len = dlen + strlen(names[i]) + 2;
        char *path = malloc(len);
        if (path) {
            snprintf(path, len, "%s%s%s", dir, slash ? "" : "/", names[i]);
            struct stat lst, st;
            if (lstat(path, &lst) == 0) {
                if (S_ISDIR(lst.st_mode)) {
                    if (!is_skipped(names[i]))
                        walk(f, path);
                } else if (has_bd_extension(names[i]) && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                    format_one(f, path);
                }
            }
            free(path);
        }
        free(names[i]);
    }
    free(names);
}

/* ---- projects --------------------------------------------------------------- */

typedef VEC(const char *) PathList;

/* Adds the source root of the project whose manifest is 'manifest_path'. */
static bool project_roots(Formatter *f, Arena *arena, const char *manifest_path, PathList *roots, int depth)
{
    SourceMap map;
    source_map_init(&map, arena);
    DiagList diags;
    diag_list_init(&diags, arena);
    uint32_t file;
    if (source_load(&map, manifest_path, SOURCE_DEFAULT_LIMIT, &file) != SOURCE_OK) {
        report(f, "Failed to read file: %s", manifest_path);
        return false;
    }
    const char *dir = path_dirname(arena, manifest_path);
    if (strcmp(path_basename(arena, manifest_path), "Workspace.proj") == 0) {
        WorkspaceManifest *ws = workspace_manifest_read(arena, &map, file, &diags);
        if (!ws) {
            diag_output_list(&f->output, &map, &diags);
            return false;
        }
        bool ok = true;
        for (uint32_t i = 0; i < ws->member_count && depth < 4; i++) {
            const char *member = path_join(arena, dir, ws->members[i].path);
            const char *proj = path_is_dir(member) ? path_join(arena, member, "Project.proj") : member;
            ok = project_roots(f, arena, proj, roots, depth + 1) && ok;
        }
        return ok;
    }
    ProjectManifest *pm = project_manifest_read(arena, &map, file, &diags);
    if (!pm) {
        diag_output_list(&f->output, &map, &diags);
        return false;
    }
    VEC_PUSH(arena, roots, path_join(arena, dir, pm->root ? pm->root : "Src"));
    return true;
}

/* `--project P`: P/Project.proj, else P/Workspace.proj, for a directory (§6.2). */
static const char *manifest_of(Arena *arena, const char *project)
{
    if (!path_is_dir(project))
        return project;
    const char *proj = path_join(arena, project, "Project.proj");
    if (path_is_file(proj))
        return proj;
    const char *ws = path_join(arena, project, "Workspace.proj");
    return path_is_file(ws) ? ws : proj;
}

static bool is_manifest_name(const char *path)
{
    size_t n = strlen(path);
    return n >= 5 && strcmp(path + n - 5, ".proj") == 0;
}

static void summary(const Formatter *f, double start, bool single)
{
    fputs("beskid format: ", stderr);
    if (single)
        fputs("1 file", stderr);
    else if (f->files == 0)
        fputs("0 .bd file(s)", stderr);
    else
        fprintf(stderr, "%s %u .bd file(s)", f->mode == FORMAT_CHECK ? "checked" : "formatted", f->files);
    fputs(" in ", stderr);
    print_elapsed(stderr, now_ms() - start);
    fputc('\n', stderr);
}

int cmd_format(const CliArgs *args)
{
    double start = now_ms();
    Formatter f = {.args = args, .output = diag_output_from_args(args)};
    f.mode = cli_has(args, CLI_FLAG_WRITE)           ? FORMAT_WRITE
             : cli_has(args, CLI_FLAG_CHECK)         ? FORMAT_CHECK
             : cli_has(args, CLI_FLAG_FORMAT_OUTPUT) ? FORMAT_OUTPUT
                                                     : FORMAT_STDOUT;
    f.output_path = cli_value(args, CLI_FLAG_FORMAT_OUTPUT, NULL);
    const char *project = cli_value(args, CLI_FLAG_PROJECT, NULL);
    unsigned count = args->operands.count;
    if (count && project)
        return cli_usage_error(args->command, NULL, "the argument `<INPUT>` cannot be used with `--project`");
    if (!count && !project)
        return cli_usage_error(args->command, NULL, "the required argument <INPUT> was not provided");

    /* One .bd file: printed, written or checked alone. */
    struct stat st;
    const char *first = cli_operand(args, 0);
    if (count == 1 && has_bd_extension(first) && !(stat(first, &st) == 0 && !S_ISREG(st.st_mode))) {
        if (!format_one(&f, first))
            return 1;
        summary(&f, start, true);
        return 0;
    }

    /* Otherwise directories, projects and several files: every input is
     * checked before any file is touched. */
    PathList dirs = {0}, files = {0};
    bool ok = true;
    if (project) {
        ok = project_roots(&f, args->arena, manifest_of(args->arena, project), &dirs, 0);
    }
    for (unsigned i = 0; ok && i < count; i++) {
        const char *input = cli_operand(args, i);
        if (is_manifest_name(input))
            ok = project_roots(&f, args->arena, input, &dirs, 0);
        else if (stat(input, &st) == 0 && S_ISDIR(st.st_mode))
            VEC_PUSH(args->arena, &dirs, input);
        else if (has_bd_extension(input) && !(stat(input, &st) == 0 && !S_ISREG(st.st_mode)))
            VEC_PUSH(args->arena, &files, input);
        else {
            report(&f, "expected a `.bd` file or directory, got %s", input);
            ok = false;
        }
    }
    for (uint32_t i = 0; ok && i < dirs.count; i++) {
        if (!path_is_dir(dirs.items[i])) {
            report(&f, "expected a `.bd` file or directory, got %s", dirs.items[i]);
            ok = false;
        }
    }
    if (!ok)
        return 1;
    if (f.mode == FORMAT_OUTPUT) {
        report(&f, "`--output` is only valid when formatting a single .bd file");
        return 1;
    }
    if (f.mode == FORMAT_STDOUT) {
        const char *shown = dirs.count ? dirs.items[0] : files.items[0];
        if (dirs.count)
            report(&f, "`%s` is a directory: use `--write` to format in place or `--check` to verify formatting",
                   shown);
        else
            report(&f, "several files: use `--write` to format in place or `--check` to verify formatting");
        return 1;
    }
    for (uint32_t i = 0; i < files.count; i++)
        format_one(&f, files.items[i]);
    for (uint32_t i = 0; i < dirs.count; i++)
        walk(&f, dirs.items[i]);
    summary(&f, start, false);
    return f.errors ? 1 : 0;
}
