/* pckg/pckg_zip.h: package archives (`.bpk`, ZIP) through libarchive.
 * Writing is deterministic: the caller's entry order (sorted by path),
 * regular files only, mode 0644, owner 0:0, one fixed timestamp
 * (1980-01-01 00:00 in UTC: the command sets TZ=UTC, as ZIP stores local
 * DOS time), deflate. Extraction is safe: only relative paths without `..`
 * components, only regular files and directories (symbolic and hard links,
 * devices refused), at most PCKG_ZIP_MAX_ENTRIES entries, PCKG_ZIP_MAX_FILE
 * bytes a file and PCKG_ZIP_MAX_TOTAL bytes in all, counted as the data is
 * read, never trusting the headers. */
#ifndef BESKID_PCKG_PCKG_ZIP_H
#define BESKID_PCKG_PCKG_ZIP_H
#include <stdbool.h>
#include <stddef.h>

#include "pckg/pckg_lib.h"
#include "support/strbuf.h"

#define PCKG_ZIP_MAX_ENTRIES 10000
#define PCKG_ZIP_MAX_FILE (64u << 20)
#define PCKG_ZIP_MAX_TOTAL (256u << 20)
#define PCKG_ZIP_MTIME 315532800 /* 1980-01-01T00:00:00Z, the first DOS time */

typedef struct PckgZipEntry {
    const char *path; /* `/` separators */
    const void *data;
    size_t size;
} PckgZipEntry;

/* Appends the archive of 'entries' to 'out'; false with 'error' set. */
bool pckg_zip_write(const PckgArchive *lib, const PckgZipEntry *entries, size_t count, StrBuf *out, char *error,
                    size_t esize);
/* Extracts into the existing, empty directory 'dir'; false with 'error'
 * set (the caller removes 'dir'). */
bool pckg_zip_extract(const PckgArchive *lib, const void *data, size_t size, const char *dir, char *error,
                      size_t esize);
/* True when 'path' may be extracted (see above). */
bool pckg_zip_safe_path(const char *path);
#endif
