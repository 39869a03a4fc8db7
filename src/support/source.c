/* support/source.c: loading sources and mapping offsets to lines. */
#include "support/source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support/check.h"

void source_map_init(SourceMap *map, Arena *arena)
{
    memset(map, 0, sizeof *map);
    map->arena = arena;
}

uint32_t source_add(SourceMap *map, const char *path, const char *text, size_t len)
{
    if (map->count == map->cap) {
        uint32_t cap = map->cap ? map->cap * 2 : 8;
        SourceFile *files = ARENA_ARRAY(map->arena, SourceFile, cap);
        if (map->count)
            memcpy(files, map->files, sizeof(SourceFile) * map->count);
        map->files = files;
        map->cap = cap;
    }
    SourceFile *f = &map->files[map->count];
    f->path = arena_strdup(map->arena, path);
    f->text = arena_strndup(map->arena, text, len);
    f->len = (uint32_t)len;
    uint32_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    f->line_starts = ARENA_ARRAY(map->arena, uint32_t, lines);
    f->line_count = 0;
    f->line_starts[f->line_count++] = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n')
            f->line_starts[f->line_count++] = (uint32_t)i + 1;
    return map->count++;
}

/* Reads at most 'limit' + 1 bytes: a file (or a pipe, or /dev/zero) larger
 * than the limit is refused as soon as that is known, never read to its end. */
SourceLoadStatus source_load(SourceMap *map, const char *path, size_t limit, uint32_t *file_out)
{
    if (limit > SOURCE_MAX_LIMIT)
        limit = SOURCE_MAX_LIMIT;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return SOURCE_UNREADABLE;
    struct stat st;
    size_t cap = 4096;
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode)) {
        if ((uint64_t)st.st_size > limit) {
            fclose(fp);
            return SOURCE_TOO_LARGE;
        }
        cap = (size_t)st.st_size + 1; /* one more byte sees a file that grew */
    }
    char *buf = malloc(cap);
    BSK_ASSERT(buf != NULL);
    size_t len = 0;
    bool too_large = false;
    for (;;) {
        if (len == cap) {
            if (cap > limit) { /* 'limit' + 1 bytes are in: too large */
                too_large = true;
                break;
            }
            cap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
            char *grown = realloc(buf, cap);
            BSK_ASSERT(grown != NULL);
            buf = grown;
        }
        size_t n = fread(buf + len, 1, cap - len, fp);
        len += n;
        if (n == 0)
            break;
    }
    int failed = ferror(fp);
    fclose(fp);
    if (too_large || len > limit || failed) {
        free(buf);
        errno = failed ? EIO : EFBIG;
        return failed ? SOURCE_UNREADABLE : SOURCE_TOO_LARGE;
    }
    /* A UTF-8 byte-order mark is not part of the text. */
    size_t skip = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    *file_out = source_add(map, path, buf + skip, len - skip);
    free(buf);
    return SOURCE_OK;
}

const SourceFile *source_file(const SourceMap *map, uint32_t file)
{
    BSK_ASSERT(file < map->count);
    return &map->files[file];
}

void source_line_col(const SourceFile *file, uint32_t offset, uint32_t *line, uint32_t *col)
{
    uint32_t lo = 0, hi = file->line_count;
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (file->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    *line = lo + 1;
    *col = offset - file->line_starts[lo] + 1;
}

Span span_join(Span a, Span b)
{
    if (a.file == SPAN_NO_FILE)
        return b;
    if (b.file == SPAN_NO_FILE || b.file != a.file)
        return a;
    return (Span){a.file, a.start < b.start ? a.start : b.start, a.end > b.end ? a.end : b.end};
}
