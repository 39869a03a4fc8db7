/* doc/doc_write.h: the files `beskid doc` writes (backends.md §6.3) from a
 * DocSet: `api.json` (schema 1, through cJSON), `index.md`, and a static
 * HTML site (one page per module, an offline search box, cross-links between
 * types, no network resources). Each writer puts its files in 'dir', which
 * exists; on failure it returns false with a message in 'error'. The command
 * (cli/cmd_doc.c) writes into a temporary directory and renames it. */
#ifndef BESKID_DOC_DOC_WRITE_H
#define BESKID_DOC_DOC_WRITE_H
#include <stdbool.h>
#include <stddef.h>

#include "doc/doc_model.h"

bool doc_write_json(const DocSet *set, const char *generator, const char *dir, char *error, size_t error_size);
bool doc_write_markdown(const DocSet *set, const char *dir, char *error, size_t error_size);
bool doc_write_html(const DocSet *set, const char *dir, char *error, size_t error_size);

/* Writes 'len' bytes to 'dir/name' (a directory part of 'name' must exist). */
bool doc_write_file(const char *dir, const char *name, const char *data, size_t len, char *error, size_t error_size);
#endif
