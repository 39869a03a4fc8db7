/* project/project_path.c: path helpers for projects (POSIX paths). */
#include "project/project_path.h"

#include <stdio.h>

#include <ftw.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support/strbuf.h"
#include "support/vec.h"

const char *path_normalize(Arena *arena, const char *path)
{
    bool absolute = path[0] == '/';
    VEC(const char *) parts = {0};
    VEC(size_t) lens = {0};
    for (const char *p = path; *p;) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0 || (len == 1 && p[0] == '.')) {
            /* skip */
        } else if (len == 2 && p[0] == '.' && p[1] == '.' && parts.count > 0 &&
                   !(lens.items[lens.count - 1] == 2 && strncmp(VEC_LAST(&parts), "..", 2) == 0)) {
            parts.count--;
            lens.count--;
        } else if (!(len == 2 && p[0] == '.' && p[1] == '.' && absolute)) {
            VEC_PUSH(arena, &parts, p);
            VEC_PUSH(arena, &lens, len);
        }
        p += len + (end ? 1 : 0);
    }
    StrBuf sb = {0};
    if (absolute)
        strbuf_putc(&sb, '/');
    for (uint32_t i = 0; i < parts.count; i++) {
        if (i)
            strbuf_putc(&sb, '/');
        strbuf_append(&sb, parts.items[i], lens.items[i]);
    }
    const char *out = sb.len ? arena_strdup(arena, sb.data) : ".";
    strbuf_free(&sb);
    return out;
}

const char *path_join(Arena *arena, const char *a, const char *b)
{
    if (b[0] == '/')
        return path_normalize(arena, b);
    return path_normalize(arena, arena_printf(arena, "%s/%s", a, b));
}

const char *path_dirname(Arena *arena, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    if (slash == path)
        return "/";
    return arena_strndup(arena, path, (size_t)(slash - path));
}

const char *path_basename(Arena *arena, const char *path)
{
    const char *norm = path_normalize(arena, path);
    const char *slash = strrchr(norm, '/');
    return slash && slash[1] ? slash + 1 : norm;
}

const char *path_canonical(Arena *arena, const char *path)
{
    char buffer[PATH_MAX];
    if (!realpath(path, buffer))
        return NULL;
    return arena_strdup(arena, buffer);
}

const char *path_relative(Arena *arena, const char *from, const char *to)
{
    /* the longest common prefix that ends at a segment boundary */
    size_t common = 0;
    for (size_t i = 0;; i++) {
        char f = from[i], t = to[i];
        if ((f == '/' || f == '\0') && (t == '/' || t == '\0'))
            common = i;
        if (f != t || f == '\0')
            break;
    }
    if (strcmp(from, "/") == 0)
        common = 1; /* nothing to climb out of */
    StrBuf sb = {0};
    for (const char *p = from + common; *p; p++)
        if (*p == '/')
            strbuf_puts(&sb, sb.len ? "/.." : "..");
    const char *rest = to + common;
    while (*rest == '/')
        rest++;
    if (*rest) {
        if (sb.len)
            strbuf_putc(&sb, '/');
        strbuf_puts(&sb, rest);
    }
    const char *out = sb.len ? arena_strdup(arena, sb.data) : ".";
    strbuf_free(&sb);
    return out;
}

bool path_is_within(const char *dir, const char *path)
{
    size_t n = strlen(dir);
    if (strcmp(dir, "/") == 0)
        return path[0] == '/';
    return strncmp(dir, path, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

bool path_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool path_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

void path_remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
