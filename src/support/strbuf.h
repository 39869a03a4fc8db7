/* support/strbuf.h: a growable text buffer (malloc-backed) for printers that
 * build output before writing it, and for messages. */
#ifndef BESKID_SUPPORT_STRBUF_H
#define BESKID_SUPPORT_STRBUF_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct StrBuf {
    char *data; /* always NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
} StrBuf;

void strbuf_append(StrBuf *sb, const char *text, size_t len);
void strbuf_puts(StrBuf *sb, const char *text);
void strbuf_putc(StrBuf *sb, char c);
void strbuf_printf(StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(StrBuf *sb, const char *fmt, va_list ap);
const char *strbuf_cstr(StrBuf *sb); /* "" when empty */
/* Appends the whole file at 'path'; false if it cannot be opened or read. */
bool strbuf_read_file(StrBuf *sb, const char *path);
void strbuf_free(StrBuf *sb);
#endif
