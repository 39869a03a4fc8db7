/* backend/aot/aot_files.c: output paths (backends.md §4.2) and file writes.
 * Paths keep the user's spelling: a source `a.bd` gives `a.o`, `./a.bd`
 * gives `./a.o`. Every write goes to a temporary that is renamed. */
#include "backend/aot/aot_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *aot_dirname(Arena *arena, const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (!slash)
        return "";
    if (slash == path)
        return "/";
    return arena_strndup(arena, path, (size_t)(slash - path));
}

const char *aot_stem(Arena *arena, const char *path)
{
    if (!path)
        return "aot_out";
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return len ? arena_strndup(arena, base, len) : "aot_out";
}

const char *aot_join(Arena *arena, const char *dir, const char *name)
{
    if (!dir[0])
        return name;
    size_t len = strlen(dir);
    return arena_printf(arena, "%s%s%s", dir, dir[len - 1] == '/' ? "" : "/", name);
}

const char *aot_replace_ext(Arena *arena, const char *path, const char *ext)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - path) : strlen(path);
    return arena_printf(arena, "%.*s%s", (int)len, path, ext);
}

bool aot_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *aot_temp_path(Arena *arena, const char *path)
{
    return arena_printf(arena, "%s.tmp.%ld", path, (long)getpid());
}

static bool io_error(DiagList *diags, const char *path, int error)
{
    diag_report(diags, SPAN_NONE, DIAG_E4040_IO, path, strerror(error));
    return false;
}

bool aot_make_parent(const char *path, DiagList *diags)
{
    const char *dir = aot_dirname(diags->arena, path);
    if (!dir[0])
        return true;
    char *buf = arena_strdup(diags->arena, dir);
    /* mkdir -p: create each prefix in turn */
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return io_error(diags, buf, errno);
            *p = saved;
            if (saved == '\0')
                break;
        }
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return io_error(diags, dir, ENOTDIR);
    return true;
}

bool aot_write_file(const char *path, const void *bytes, size_t size, DiagList *diags)
{
    if (!aot_make_parent(path, diags))
        return false;
    const char *temp = aot_temp_path(diags->arena, path);
    FILE *file = fopen(temp, "wb");
    if (!file)
        return io_error(diags, path, errno);
    bool ok = fwrite(bytes, 1, size, file) == size;
    int error = errno;
    if (fclose(file) != 0 && ok) {
        ok = false;
        error = errno;
    }
    if (ok && rename(temp, path) != 0) {
        ok = false;
        error = errno;
    }
    if (!ok) {
        remove(temp);
        return io_error(diags, path, error);
    }
    return true;
}
