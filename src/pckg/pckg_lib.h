/* pckg/pckg_lib.h: libcurl and libarchive, loaded with dlopen on first use
 * (docs/decisions.md, "Packages"): linking them costs every `beskid run`
 * ~5 ms of dynamic loading (44 shared libraries), so only the commands that
 * touch a package load them. Each table holds the functions beskid calls,
 * typed from the libraries' own headers; the caller owns the table. */
#ifndef BESKID_PCKG_PCKG_LIB_H
#define BESKID_PCKG_PCKG_LIB_H
#include <stdbool.h>
#include <stddef.h>

#include <archive.h>
#include <archive_entry.h>
#define CURL_DISABLE_TYPECHECK 1 /* curl_easy_setopt is called through a pointer */
#include <curl/curl.h>

#define PCKG_FN(name) __typeof__(name) *name
typedef struct PckgCurl {
    void *handle;
    PCKG_FN(curl_global_init);
    PCKG_FN(curl_easy_init);
    PCKG_FN(curl_easy_setopt);
    PCKG_FN(curl_easy_perform);
    PCKG_FN(curl_easy_getinfo);
    PCKG_FN(curl_easy_cleanup);
    PCKG_FN(curl_easy_strerror);
    PCKG_FN(curl_slist_append);
    PCKG_FN(curl_slist_free_all);
    PCKG_FN(curl_mime_init);
    PCKG_FN(curl_mime_addpart);
    PCKG_FN(curl_mime_name);
    PCKG_FN(curl_mime_data);
    PCKG_FN(curl_mime_type);
    PCKG_FN(curl_mime_filename);
    PCKG_FN(curl_mime_free);
} PckgCurl;

typedef struct PckgArchive {
    void *handle;
    PCKG_FN(archive_read_new);
    PCKG_FN(archive_read_support_format_zip);
    PCKG_FN(archive_read_open_memory);
    PCKG_FN(archive_read_next_header);
    PCKG_FN(archive_read_data);
    PCKG_FN(archive_read_free);
    PCKG_FN(archive_error_string);
    PCKG_FN(archive_entry_pathname);
    PCKG_FN(archive_entry_filetype);
    PCKG_FN(archive_entry_size);
    PCKG_FN(archive_write_new);
    PCKG_FN(archive_write_set_format_zip);
    PCKG_FN(archive_write_zip_set_compression_deflate);
    PCKG_FN(archive_write_set_bytes_in_last_block);
    PCKG_FN(archive_write_open);
    PCKG_FN(archive_write_header);
    PCKG_FN(archive_write_data);
    PCKG_FN(archive_write_finish_entry);
    PCKG_FN(archive_write_close);
    PCKG_FN(archive_write_free);
    PCKG_FN(archive_entry_new);
    PCKG_FN(archive_entry_free);
    PCKG_FN(archive_entry_set_pathname);
    PCKG_FN(archive_entry_set_size);
    PCKG_FN(archive_entry_set_filetype);
    PCKG_FN(archive_entry_set_perm);
    PCKG_FN(archive_entry_set_mtime);
    PCKG_FN(archive_entry_set_uid);
    PCKG_FN(archive_entry_set_gid);
} PckgArchive;
#undef PCKG_FN

/* Load the library into 'out'; false with a message in 'error' (the
 * caller reports E3063). $BESKID_PCKG_NO_LIBS=curl|archive|all makes the
 * load fail, so the tests can see that error. */
bool pckg_curl_load(PckgCurl *out, char *error, size_t size);
bool pckg_archive_load(PckgArchive *out, char *error, size_t size);
#endif
