/* pckg/pckg_zip.c */
#include "pckg/pckg_zip.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static la_ssize_t write_cb(struct archive *a, void *client, const void *buffer, size_t length)
{
    (void)a;
    strbuf_append(client, buffer, length);
    return (la_ssize_t)length;
}

bool pckg_zip_write(const PckgArchive *lib, const PckgZipEntry *entries, size_t count, StrBuf *out, char *error,
                    size_t esize)
{
    struct archive *a = lib->archive_write_new();
    struct archive_entry *e = lib->archive_entry_new();
    bool ok = a && e && lib->archive_write_set_format_zip(a) == ARCHIVE_OK &&
              lib->archive_write_zip_set_compression_deflate(a) == ARCHIVE_OK &&
              lib->archive_write_set_bytes_in_last_block(a, 1) == ARCHIVE_OK &&
              lib->archive_write_open(a, out, NULL, write_cb, NULL) == ARCHIVE_OK;
    for (size_t i = 0; ok && i < count; i++) {
        lib->archive_entry_set_pathname(e, entries[i].path);
        lib->archive_entry_set_size(e, (la_int64_t)entries[i].size);
        lib->archive_entry_set_filetype(e, AE_IFREG);
        lib->archive_entry_set_perm(e, 0644);
        lib->archive_entry_set_mtime(e, PCKG_ZIP_MTIME, 0);
        lib->archive_entry_set_uid(e, 0);
        lib->archive_entry_set_gid(e, 0);
        ok = lib->archive_write_header(a, e) == ARCHIVE_OK &&
             (entries[i].size == 0 ||
              lib->archive_write_data(a, entries[i].data, entries[i].size) == (la_ssize_t)entries[i].size) &&
             lib->archive_write_finish_entry(a) == ARCHIVE_OK;
    }
    if (ok)
        ok = lib->archive_write_close(a) == ARCHIVE_OK;
    if (!ok)
        snprintf(error, esize, "%s", a && lib->archive_error_string(a) ? lib->archive_error_string(a) : "zip write failed");
    if (e)
        lib->archive_entry_free(e);
    if (a)
        lib->archive_write_free(a);
    return ok;
}

bool pckg_zip_safe_path(const char *path)
{
    if (!path || !*path || path[0] == '/' || strchr(path, '\\') || strlen(path) > 1024)
        return false;
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, "/");
        if ((n == 2 && p[0] == '.' && p[1] == '.') || (n == 1 && p[0] == '.'))
            return false;
        if (n == 0 && p[n] == '/') /* `a//b` */
            return false;
        p += n + (p[n] == '/');
    }
    return true;
}

/* mkdir -p of the directories of 'path' below 'dir' ('path' is safe). */
static bool make_parents(const char *dir, const char *path, bool include_last)
{
    char buf[4096];
    int n = snprintf(buf, sizeof buf, "%s/%s", dir, path);
    if (n < 0 || (size_t)n >= sizeof buf)
        return false;
    size_t base = strlen(dir) + 1;
    for (size_t i = base; buf[i]; i++)
        if (buf[i] == '/') {
            buf[i] = '\0';
            if (mkdir(buf, 0755) != 0 && errno != EEXIST)
                return false;
            buf[i] = '/';
        }
    if (include_last && buf[n - 1] != '/' && mkdir(buf, 0755) != 0 && errno != EEXIST)
        return false;
    return true;
}

bool pckg_zip_extract(const PckgArchive *lib, const void *data, size_t size, const char *dir, char *error,
                      size_t esize)
{
    struct archive *a = lib->archive_read_new();
    if (!a || lib->archive_read_support_format_zip(a) != ARCHIVE_OK ||
        lib->archive_read_open_memory(a, data, size) != ARCHIVE_OK) {
        snprintf(error, esize, "not a ZIP archive");
        if (a)
            lib->archive_read_free(a);
        return false;
    }
    bool ok = true;
    size_t entries = 0;
    unsigned long long total = 0;
    char *buffer = malloc(65536);
    struct archive_entry *e;
    int r = ARCHIVE_EOF;
    while (ok && (r = lib->archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char *path = lib->archive_entry_pathname(e);
        unsigned type = lib->archive_entry_filetype(e);
        if (++entries > PCKG_ZIP_MAX_ENTRIES) {
            snprintf(error, esize, "more than %d entries", PCKG_ZIP_MAX_ENTRIES);
            ok = false;
            break;
        }
        size_t plen = path ? strlen(path) : 0;
        char clean[1100];
        if (plen && plen < sizeof clean) {
            memcpy(clean, path, plen + 1);
            if (type == AE_IFDIR && clean[plen - 1] == '/')
                clean[plen - 1] = '\0';
        }
        if (!path || plen >= sizeof clean || !pckg_zip_safe_path(clean)) {
            snprintf(error, esize, "unsafe entry path `%s`", path ? path : "");
            ok = false;
            break;
        }
        if (type == AE_IFDIR) {
            if (!make_parents(dir, clean, true)) {
                snprintf(error, esize, "cannot create `%s`: %s", clean, strerror(errno));
                ok = false;
            }
            continue;
        }
        if (type != AE_IFREG) {
            snprintf(error, esize, "entry `%s` is not a regular file or directory (links are refused)", clean);
            ok = false;
            break;
        }
        char target[4096];
        snprintf(target, sizeof target, "%s/%s", dir, clean);
        int fd = make_parents(dir, clean, false) ? open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644) : -1;
        if (fd < 0) {
            snprintf(error, esize, "cannot create `%s`: %s", clean, strerror(errno));
            ok = false;
            break;
        }
        unsigned long long file = 0;
        la_ssize_t got;
        while ((got = lib->archive_read_data(a, buffer, 65536)) > 0) {
            file += (unsigned long long)got;
            total += (unsigned long long)got;
            if (file > PCKG_ZIP_MAX_FILE || total > PCKG_ZIP_MAX_TOTAL) {
                snprintf(error, esize, "entry `%s` exceeds the size limit (%u bytes a file, %u in all)", clean,
                         PCKG_ZIP_MAX_FILE, PCKG_ZIP_MAX_TOTAL);
                ok = false;
                break;
            }
            if (write(fd, buffer, (size_t)got) != got) {
                snprintf(error, esize, "cannot write `%s`: %s", clean, strerror(errno));
                ok = false;
                break;
            }
        }
        if (ok && got < 0) {
            snprintf(error, esize, "corrupt entry `%s`: %s", clean, lib->archive_error_string(a));
            ok = false;
        }
        close(fd);
    }
    if (ok && r != ARCHIVE_EOF) {
        snprintf(error, esize, "corrupt archive: %s",
                 lib->archive_error_string(a) ? lib->archive_error_string(a) : "unreadable header");
        ok = false;
    }
    free(buffer);
    lib->archive_read_free(a);
    return ok;
}
