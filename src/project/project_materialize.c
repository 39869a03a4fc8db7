/* project/project_materialize.c: copying project trees (backends.md §7.6). */
#include "project/project_materialize.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "project/project_path.h"

uint64_t project_fnv1a64(const char *text)
{
    uint64_t hash = 0xcbf29ce484222325ull;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        hash ^= *p;
        hash *= 0x100000001b3ull;
    }
    return hash;
}

const char *project_sanitize(Arena *arena, const char *name)
{
    char *out = arena_strdup(arena, name);
    for (char *p = out; *p; p++) {
        char c = *p;
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!keep)
            *p = '_';
    }
    return out;
}

/* mkdir -p; E3030 on failure. */
static bool make_dirs(Arena *arena, DiagList *diags, const char *path)
{
    if (path_is_dir(path))
        return true;
    const char *parent = path_dirname(arena, path);
    if (strcmp(parent, path) != 0 && !make_dirs(arena, diags, parent))
        return false;
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        diag_report(diags, SPAN_NONE, DIAG_E3030_MATERIALIZE_CREATE, path, strerror(errno));
        return false;
    }
    return true;
}

static bool copy_file(DiagList *diags, const char *from, const char *to, mode_t mode)
{
    int in = open(from, O_RDONLY);
    int out = in < 0 ? -1 : open(to, O_WRONLY | O_CREAT | O_TRUNC, mode & 0777);
    bool ok = in >= 0 && out >= 0;
    char buffer[65536];
    for (ssize_t n; ok && (n = read(in, buffer, sizeof buffer)) != 0;) {
        if (n < 0 || write(out, buffer, (size_t)n) != n)
            ok = false;
    }
    int saved = errno;
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0)
        ok = false;
    if (!ok)
        diag_report(diags, SPAN_NONE, DIAG_E3031_MATERIALIZE_COPY, from, to, strerror(saved ? saved : errno));
    return ok;
}

typedef struct Copier {
    Arena *arena;
    DiagList *diags;
    bool has_exclude;
    dev_t exclude_dev;
    ino_t exclude_ino;
} Copier;

static bool copy_dir(Copier *c, const char *from, const char *to, bool top)
{
    if (!make_dirs(c->arena, c->diags, to))
        return false;
    DIR *dir = opendir(from);
    if (!dir) {
        diag_report(c->diags, SPAN_NONE, DIAG_E3030_MATERIALIZE_READ_DIR, from, strerror(errno));
        return false;
    }
    bool ok = true;
    for (struct dirent *entry; ok && (entry = readdir(dir));) {
        const char *name = entry->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || (top && strcmp(name, "obj") == 0))
            continue;
        const char *source = arena_printf(c->arena, "%s/%s", from, name);
        const char *dest = arena_printf(c->arena, "%s/%s", to, name);
        struct stat st, dst;
        if (stat(source, &st) != 0) {
            diag_report(c->diags, SPAN_NONE, DIAG_E3030_MATERIALIZE_METADATA, source, strerror(errno));
            ok = false;
        } else if (S_ISDIR(st.st_mode)) {
            if (!(c->has_exclude && st.st_dev == c->exclude_dev && st.st_ino == c->exclude_ino))
                ok = copy_dir(c, source, dest, false);
        } else if (S_ISREG(st.st_mode)) {
            bool stale = stat(dest, &dst) != 0 || dst.st_mtim.tv_sec < st.st_mtim.tv_sec ||
                         (dst.st_mtim.tv_sec == st.st_mtim.tv_sec && dst.st_mtim.tv_nsec < st.st_mtim.tv_nsec);
            if (stale)
                ok = copy_file(c->diags, source, dest, st.st_mode);
        }
    }
    closedir(dir);
    return ok;
}

bool project_copy_tree(Arena *arena, DiagList *diags, const char *from, const char *to, const char *exclude)
{
    Copier c = {.arena = arena, .diags = diags};
    struct stat st;
    if (exclude && stat(exclude, &st) == 0) {
        c.has_exclude = true;
        c.exclude_dev = st.st_dev;
        c.exclude_ino = st.st_ino;
    }
    return copy_dir(&c, from, to, true);
}
