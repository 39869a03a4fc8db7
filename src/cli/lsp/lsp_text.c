/* cli/lsp/lsp_text.c: positions, edits and URIs (lsp_text.h). */
#include "cli/lsp/lsp_text.h"

#include <string.h>

/* Bytes of the UTF-8 sequence led by 'c' (1 for a stray byte). */
static size_t utf8_len(unsigned char c)
{
    if (c >= 0xF0 && c < 0xF8)
        return 4;
    if (c >= 0xE0)
        return c < 0xF0 ? 3 : 1;
    if (c >= 0xC0)
        return 2;
    return 1;
}

bool lsp_offset_of(const char *text, size_t len, int64_t line, int64_t character, size_t *offset)
{
    if (line < 0 || character < 0)
        return false;
    size_t at = 0;
    for (int64_t l = 0; l < line; l++) {
        const char *nl = memchr(text + at, '\n', len - at);
        if (!nl)
            return false;
        at = (size_t)(nl - text) + 1;
    }
    int64_t units = 0;
    while (at < len && text[at] != '\n' && units < character) {
        size_t n = utf8_len((unsigned char)text[at]);
        if (at + n > len)
            n = 1;
        units += n == 4 ? 2 : 1;
        at += n;
    }
    *offset = at;
    return true;
}

void lsp_position_of(const char *text, size_t len, size_t offset, uint32_t *line, uint32_t *character)
{
    if (offset > len)
        offset = len;
    uint32_t l = 0;
    size_t start = 0;
    for (size_t i = 0; i < offset; i++)
        if (text[i] == '\n') {
            l++;
            start = i + 1;
        }
    uint32_t units = 0;
    for (size_t i = start; i < offset;) {
        size_t n = utf8_len((unsigned char)text[i]);
        units += n == 4 ? 2 : 1;
        i += n;
    }
    *line = l;
    *character = units;
}

void lsp_text_replace(StrBuf *text, size_t start, size_t end, const char *insert)
{
    StrBuf out = {0};
    const char *old = strbuf_cstr(text);
    strbuf_append(&out, old, start);
    strbuf_puts(&out, insert);
    strbuf_append(&out, old + end, text->len - end);
    strbuf_free(text);
    *text = out;
}

static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *lsp_uri_to_path(Arena *arena, const char *uri)
{
    if (!uri || strncmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    size_t n = strlen(p);
    char *out = arena_alloc(arena, n + 1, 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '%' && i + 2 < n + 1 && hex(p[i + 1]) >= 0 && hex(p[i + 2]) >= 0) {
            out[o++] = (char)(hex(p[i + 1]) * 16 + hex(p[i + 2]));
            i += 2;
        } else {
            out[o++] = p[i];
        }
    }
    out[o] = '\0';
    return out;
}

char *lsp_path_to_uri(Arena *arena, const char *path)
{
    size_t n = strlen(path);
    char *out = arena_alloc(arena, 8 + n * 3 + 1, 1);
    size_t o = 0;
    memcpy(out, "file://", 7);
    o = 7;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     strchr("/-_.~", c) != NULL;
        if (plain) {
            out[o++] = (char)c;
        } else {
            static const char digits[] = "0123456789ABCDEF";
            out[o++] = '%';
            out[o++] = digits[c >> 4];
            out[o++] = digits[c & 15];
        }
    }
    out[o] = '\0';
    return out;
}
