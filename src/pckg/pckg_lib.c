/* pckg/pckg_lib.c: dlopen of libcurl and libarchive. */
#include "pckg/pckg_lib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool refused(const char *which)
{
    const char *env = getenv("BESKID_PCKG_NO_LIBS");
    return env && (strcmp(env, "all") == 0 || strcmp(env, which) == 0);
}

/* Opens the first of 'names' that loads. */
static void *open_first(const char *const *names, char *error, size_t size)
{
    for (const char *const *n = names; *n; n++) {
        void *handle = dlopen(*n, RTLD_NOW | RTLD_LOCAL);
        if (handle)
            return handle;
        snprintf(error, size, "%s", dlerror());
    }
    return NULL;
}

#define LOAD(table, sym)                                                                  \
    do {                                                                                  \
        *(void **)&(table)->sym = dlsym((table)->handle, #sym);                          \
        if (!(table)->sym) {                                                              \
            snprintf(error, size, "symbol %s not found", #sym);                         \
            dlclose((table)->handle);                                                     \
            return false;                                                                 \
        }                                                                                 \
    } while (0)

bool pckg_curl_load(PckgCurl *out, char *error, size_t size)
{
    static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so", NULL};
    memset(out, 0, sizeof *out);
    if (refused("curl")) {
        snprintf(error, size, "disabled by BESKID_PCKG_NO_LIBS");
        return false;
    }
    out->handle = open_first(names, error, size);
    if (!out->handle)
        return false;
    LOAD(out, curl_global_init);
    LOAD(out, curl_easy_init);
    LOAD(out, curl_easy_setopt);
    LOAD(out, curl_easy_perform);
    LOAD(out, curl_easy_getinfo);
    LOAD(out, curl_easy_cleanup);
    LOAD(out, curl_easy_strerror);
    LOAD(out, curl_slist_append);
    LOAD(out, curl_slist_free_all);
    LOAD(out, curl_mime_init);
    LOAD(out, curl_mime_addpart);
    LOAD(out, curl_mime_name);
    LOAD(out, curl_mime_data);
    LOAD(out, curl_mime_type);
    LOAD(out, curl_mime_filename);
    LOAD(out, curl_mime_free);
    out->curl_global_init(CURL_GLOBAL_DEFAULT);
    return true;
}

bool pckg_archive_load(PckgArchive *out, char *error, size_t size)
{
    static const char *const names[] = {"libarchive.so.13", "libarchive.so", NULL};
    memset(out, 0, sizeof *out);
    if (refused("archive")) {
        snprintf(error, size, "disabled by BESKID_PCKG_NO_LIBS");
        return false;
    }
    out->handle = open_first(names, error, size);
    if (!out->handle)
        return false;
    LOAD(out, archive_read_new);
    LOAD(out, archive_read_support_format_zip);
    LOAD(out, archive_read_open_memory);
    LOAD(out, archive_read_next_header);
    LOAD(out, archive_read_data);
    LOAD(out, archive_read_free);
    LOAD(out, archive_error_string);
    LOAD(out, archive_entry_pathname);
    LOAD(out, archive_entry_filetype);
    LOAD(out, archive_entry_size);
    LOAD(out, archive_write_new);
    LOAD(out, archive_write_set_format_zip);
    LOAD(out, archive_write_zip_set_compression_deflate);
    LOAD(out, archive_write_set_bytes_in_last_block);
    LOAD(out, archive_write_open);
    LOAD(out, archive_write_header);
    LOAD(out, archive_write_data);
    LOAD(out, archive_write_finish_entry);
    LOAD(out, archive_write_close);
    LOAD(out, archive_write_free);
    LOAD(out, archive_entry_new);
    LOAD(out, archive_entry_free);
    LOAD(out, archive_entry_set_pathname);
    LOAD(out, archive_entry_set_size);
    LOAD(out, archive_entry_set_filetype);
    LOAD(out, archive_entry_set_perm);
    LOAD(out, archive_entry_set_mtime);
    LOAD(out, archive_entry_set_uid);
    LOAD(out, archive_entry_set_gid);
    return true;
}
