/* support/strbuf.c: growable text buffer. */
#include "support/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/check.h"

static void reserve(StrBuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    char *data = realloc(sb->data, cap);
    BSK_ASSERT(data != NULL);
    sb->data = data;
    sb->cap = cap;
}

void strbuf_append(StrBuf *sb, const char *text, size_t len)
{
    reserve(sb, len);
    if (len)
        memcpy(sb->data + sb->len, text, len);
    sb->len += len;
    sb->data[sb->len] = '\0';
}

void strbuf_puts(StrBuf *sb, const char *text)
{
    strbuf_append(sb, text, strlen(text));
}

void strbuf_putc(StrBuf *sb, char c)
{
    strbuf_append(sb, &c, 1);
}

void strbuf_vprintf(StrBuf *sb, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    BSK_ASSERT(n >= 0);
    reserve(sb, (size_t)n);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    sb->len += (size_t)n;
}

void strbuf_printf(StrBuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(sb, fmt, ap);
    va_end(ap);
}

const char *strbuf_cstr(StrBuf *sb)
{
    return sb->data ? sb->data : "";
}

void strbuf_free(StrBuf *sb)
{
    free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

bool strbuf_read_file(StrBuf *sb, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_append(sb, buf, n);
    bool ok = !ferror(f);
    fclose(f);
    return ok;
}
