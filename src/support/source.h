/* support/source.h: source files and spans. A Span is a byte range in one
 * file; line and column are computed from offsets only when rendering. */
#ifndef BESKID_SUPPORT_SOURCE_H
#define BESKID_SUPPORT_SOURCE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "support/arena.h"

typedef struct Span {
    uint32_t file; /* index into the SourceMap; SPAN_NO_FILE when absent */
    uint32_t start;
    uint32_t end;
} Span;

#define SPAN_NO_FILE UINT32_MAX
#define SPAN_NONE ((Span){SPAN_NO_FILE, 0, 0})

typedef struct SourceFile {
    const char *path; /* as the user wrote it */
    const char *text; /* NUL-terminated copy; may contain other NULs */
    uint32_t len;
    uint32_t *line_starts;
    uint32_t line_count;
} SourceFile;

typedef struct SourceMap {
    Arena *arena;
    SourceFile *files;
    uint32_t count;
    uint32_t cap;
} SourceMap;

void source_map_init(SourceMap *map, Arena *arena);
uint32_t source_add(SourceMap *map, const char *path, const char *text, size_t len);
typedef enum SourceLoadStatus {
    SOURCE_OK,
    SOURCE_UNREADABLE, /* errno set */
    SOURCE_TOO_LARGE,  /* more than the limit */
} SourceLoadStatus;

/* The default limit on one source file (issue 12): 256 MiB. */
#define SOURCE_DEFAULT_LIMIT ((size_t)256 << 20)
/* Offsets are 32-bit: no limit goes beyond this. */
#define SOURCE_MAX_LIMIT ((size_t)UINT32_MAX / 2)

/* Reads 'path' into the map, refusing more than 'limit' bytes; checked while
 * reading, so a device or pipe that never ends is refused, not read forever.
 * A leading UTF-8 byte-order mark is dropped. */
SourceLoadStatus source_load(SourceMap *map, const char *path, size_t limit, uint32_t *file_out);
const SourceFile *source_file(const SourceMap *map, uint32_t file);
/* 1-based line and column (column counts bytes) of 'offset'. */
void source_line_col(const SourceFile *file, uint32_t offset, uint32_t *line, uint32_t *col);
Span span_join(Span a, Span b);
#endif
