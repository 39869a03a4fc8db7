/* cli/lsp/lsp_text.h: the language server's text helpers: LSP positions
 * (line, UTF-16 code unit) to byte offsets and back, incremental edits, and
 * `file://` URIs to paths and back. */
#ifndef BESKID_CLI_LSP_TEXT_H
#define BESKID_CLI_LSP_TEXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "support/arena.h"
#include "support/strbuf.h"

/* The byte offset of (line, character) in 'text'; a character past the end
 * of its line is the line's end. False when 'line' is past the last line. */
bool lsp_offset_of(const char *text, size_t len, int64_t line, int64_t character, size_t *offset);
/* The (line, UTF-16 character) of byte 'offset' of 'text'. */
void lsp_position_of(const char *text, size_t len, size_t offset, uint32_t *line, uint32_t *character);
/* Replaces bytes [start, end) of 'text' with 'insert'. */
void lsp_text_replace(StrBuf *text, size_t start, size_t end, const char *insert);
/* `file:///a%20b/c` -> `/a b/c`; NULL for another scheme. */
char *lsp_uri_to_path(Arena *arena, const char *uri);
/* An absolute path -> `file:///…` (percent-encoding what must be). */
char *lsp_path_to_uri(Arena *arena, const char *path);
#endif
