/* artifact/ir_parse_text.c: the IR reader's character level: blanks and `;`
 * comments, words, names (bare or quoted), bounded numbers, strings with
 * ir_print's escapes, and the first-error-wins reporting. Every helper either
 * consumes input or reports; none loops without progress. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "artifact/ir_parse.h"
#include "artifact/ir_parse_internal.h"

/* ---- errors ---- */

Span irp_span_at(const Parser *p, uint32_t start, uint32_t end)
{
    if (end <= start)
        end = start + 1 <= p->len ? start + 1 : start;
    return (Span){p->file, start, end};
}

/* Reports 'id' at 'span'; the varargs fill its %s placeholders. */
bool irp_fail_at(Parser *p, Span span, DiagId id, ...)
{
    if (p->failed)
        return false;
    p->failed = true;
    va_list ap;
    va_start(ap, id);
    const char *args[3] = {va_arg(ap, const char *), va_arg(ap, const char *), va_arg(ap, const char *)};
    va_end(ap);
    diag_report(p->diags, span, id, args[0], args[1], args[2]);
    return false;
}

bool irp_syntax_error(Parser *p, const char *fmt, ...)
{
    char message[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return irp_fail_at(p, irp_span_at(p, p->pos, p->pos + 1), DIAG_E2101_IR_SYNTAX, message, NULL, NULL);
}

/* What the reader found at the cursor, for "expected X, found Y". */
const char *irp_found(const Parser *p)
{
    if (p->pos >= p->len)
        return "end of input";
    char c = p->text[p->pos];
    if (c == '\n')
        return "end of line";
    if (c > 0x20 && c < 0x7f)
        return arena_printf(p->arena, "`%c`", c);
    return arena_printf(p->arena, "byte 0x%02x", (unsigned char)c);
}

/* ---- characters ---- */

bool irp_at_end(const Parser *p)
{
    return p->pos >= p->len;
}

char irp_peek(const Parser *p)
{
    return p->pos < p->len ? p->text[p->pos] : '\0';
}

/* Skips spaces, tabs, carriage returns and a `;` comment (not the newline). */
void irp_skip_blank(Parser *p)
{
    while (p->pos < p->len) {
        char c = p->text[p->pos];
        if (c == ' ' || c == '\t' || c == '\r') {
            p->pos++;
        } else if (c == ';') {
            while (p->pos < p->len && p->text[p->pos] != '\n')
                p->pos++;
        } else {
            break;
        }
    }
}

void irp_skip_empty_lines(Parser *p)
{
    for (;;) {
        irp_skip_blank(p);
        if (irp_peek(p) != '\n' || irp_at_end(p))
            return;
        p->pos++;
    }
}

bool irp_expect_eol(Parser *p)
{
    irp_skip_blank(p);
    if (irp_at_end(p))
        return true;
    if (p->text[p->pos] == '\n') {
        p->pos++;
        return true;
    }
    return irp_syntax_error(p, "expected end of line, found %s", irp_found(p));
}

bool irp_accept(Parser *p, char c)
{
    irp_skip_blank(p);
    if (irp_peek(p) == c && !irp_at_end(p)) {
        p->pos++;
        return true;
    }
    return false;
}

bool irp_expect(Parser *p, char c)
{
    if (irp_accept(p, c))
        return true;
    return irp_syntax_error(p, "expected `%c`, found %s", c, irp_found(p));
}

/* A name character: printable ASCII except the punctuation of the text form,
 * or any byte of a UTF-8 sequence. ir_print quotes names with other bytes. */
bool irp_is_name_char(char c)
{
    unsigned char u = (unsigned char)c;
    return u >= 0x80 || (u > 0x20 && u < 0x7f && !strchr("\"(),;={}", c));
}

bool irp_is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Accepts the literal 'text' when it is followed by a non-word character (or
 * 'text' ends in '=' or a sigil). */
bool irp_accept_word(Parser *p, const char *text)
{
    irp_skip_blank(p);
    size_t n = strlen(text);
    if (p->len - p->pos < n || memcmp(p->text + p->pos, text, n) != 0)
        return false;
    char last = text[n - 1];
    if (irp_is_alnum(last) && p->pos + n < p->len && irp_is_alnum(p->text[p->pos + n]))
        return false;
    p->pos += (uint32_t)n;
    return true;
}

bool irp_expect_word(Parser *p, const char *text)
{
    if (irp_accept_word(p, text))
        return true;
    return irp_syntax_error(p, "expected `%s`, found %s", text, irp_found(p));
}

/* Accepts the literal 'text' (a sigil or marker that a number follows). */
bool irp_accept_prefix(Parser *p, const char *text)
{
    irp_skip_blank(p);
    size_t n = strlen(text);
    if (p->len - p->pos < n || memcmp(p->text + p->pos, text, n) != 0)
        return false;
    p->pos += (uint32_t)n;
    return true;
}

bool irp_expect_prefix(Parser *p, const char *text)
{
    if (irp_accept_prefix(p, text))
        return true;
    return irp_syntax_error(p, "expected `%s`, found %s", text, irp_found(p));
}

/* string = '"' { char | '\' ( '"' | '\' | 'n' | 't' | 'r' | 'x' hex hex ) } '"'
 * Returns the bytes (NUL-terminated copy) and their count in '*size'. */
uint8_t *irp_read_string(Parser *p, uint32_t *size)
{
    if (!irp_expect(p, '"'))
        return NULL;
    /* Bytes never outnumber the characters that spell them up to the line's end. */
    uint32_t end = p->pos, count = 0;
    while (end < p->len && p->text[end] != '\n')
        end++;
    uint8_t *bytes = arena_alloc(p->arena, end - p->pos + 1, 1);
    for (;;) {
        if (irp_at_end(p) || irp_peek(p) == '\n')
            return irp_syntax_error(p, "unterminated string"), NULL;
        char c = p->text[p->pos++];
        if (c == '"')
            break;
        if (c != '\\') {
            bytes[count++] = (uint8_t)c;
            continue;
        }
        char e = irp_peek(p);
        p->pos += !irp_at_end(p);
        switch (e) {
        case '"': bytes[count++] = '"'; break;
        case '\\': bytes[count++] = '\\'; break;
        case 'n': bytes[count++] = '\n'; break;
        case 't': bytes[count++] = '\t'; break;
        case 'r': bytes[count++] = '\r'; break;
        case 'x': {
            unsigned value = 0;
            for (int i = 0; i < 2; i++) {
                char h = irp_peek(p);
                int digit = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                if (digit < 0)
                    return irp_syntax_error(p, "expected two hex digits after `\\x`"), NULL;
                value = value * 16 + (unsigned)digit;
                p->pos++;
            }
            bytes[count++] = (uint8_t)value;
            break;
        }
        default:
            p->pos -= e != '\0'; /* point at the escape's letter */
            return irp_syntax_error(p, "unknown escape in string"), NULL;
        }
    }
    *size = count;
    return bytes;
}

/* name = string | name-char { name-char }   (stops at any char of 'stops') */
const char *irp_read_name(Parser *p, const char *stops, const char *what)
{
    irp_skip_blank(p);
    if (irp_peek(p) == '"' && !irp_at_end(p)) {
        uint32_t start = p->pos, size = 0;
        uint8_t *bytes = irp_read_string(p, &size);
        if (!bytes)
            return NULL;
        if (memchr(bytes, '\0', size))
            return irp_fail_at(p, irp_span_at(p, start, p->pos), DIAG_E2101_IR_SYNTAX, "a name cannot contain a NUL byte",
                           NULL, NULL),
                   NULL;
        return (const char *)bytes;
    }
    uint32_t start = p->pos;
    while (!irp_at_end(p) && irp_is_name_char(p->text[p->pos]) && !strchr(stops, p->text[p->pos]))
        p->pos++;
    if (p->pos == start)
        return irp_syntax_error(p, "expected %s, found %s", what, irp_found(p)), NULL;
    return arena_strndup(p->arena, p->text + start, p->pos - start);
}

/* Digits into 'out', at most 'max'. */
bool irp_read_uint(Parser *p, uint64_t max, uint64_t *out, const char *what)
{
    uint32_t start = p->pos;
    uint64_t value = 0;
    while (!irp_at_end(p) && p->text[p->pos] >= '0' && p->text[p->pos] <= '9') {
        uint64_t digit = (uint64_t)(p->text[p->pos] - '0');
        if (value > (max - digit) / 10)
            return irp_fail_at(p, irp_span_at(p, start, p->pos + 1), DIAG_E2110_IR_LIMIT,
                           arena_printf(p->arena, "%s is larger than %" PRIu64, what, max), NULL, NULL);
        value = value * 10 + digit;
        p->pos++;
    }
    if (p->pos == start)
        return irp_syntax_error(p, "expected %s, found %s", what, irp_found(p));
    *out = value;
    return true;
}

bool irp_read_u32(Parser *p, uint32_t max, uint32_t *out, const char *what)
{
    irp_skip_blank(p);
    uint64_t value = 0;
    if (!irp_read_uint(p, max, &value, what))
        return false;
    *out = (uint32_t)value;
    return true;
}

/* int = ['-' | '+'] digits, within int64_t */
bool irp_read_i64(Parser *p, int64_t *out)
{
    irp_skip_blank(p);
    bool negative = irp_peek(p) == '-' && !irp_at_end(p);
    if ((negative || irp_peek(p) == '+') && !irp_at_end(p))
        p->pos++;
    uint64_t magnitude = 0;
    if (!irp_read_uint(p, negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, &magnitude, "an integer"))
        return false;
    *out = negative ? (int64_t)(0 - magnitude) : (int64_t)magnitude;
    return true;
}

/* type = 'void' | 'i8' | 'i32' | 'i64' | 'f64' | 'ptr' */
bool irp_read_type(Parser *p, IrType *out)
{
    static const IrType types[] = {IR_VOID, IR_I8, IR_I32, IR_I64, IR_F64, IR_PTR};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (irp_accept_word(p, ir_type_name(types[i]))) {
            *out = types[i];
            return true;
        }
    return irp_syntax_error(p, "expected a type (void, i8, i32, i64, f64, ptr), found %s", irp_found(p));
}

/* One of 'names' (count entries) as a whole word. */
bool irp_read_choice(Parser *p, const char *const *names, int count, int *out, const char *what)
{
    for (int i = 0; i < count; i++)
        if (irp_accept_word(p, names[i])) {
            *out = i;
            return true;
        }
    return irp_syntax_error(p, "expected %s, found %s", what, irp_found(p));
}

/* A `?word` marker followed by a number (ir_print's spelling of a corrupt
 * index): true with '*index' set when present. */
bool irp_accept_marker(Parser *p, const char *marker, uint32_t *index, bool *ok)
{
    *ok = true;
    if (!irp_accept_prefix(p, marker))
        return false;
    *ok = irp_read_u32(p, UINT32_MAX - 1, index, "an index");
    return true;
}

