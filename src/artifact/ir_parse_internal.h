/* artifact/ir_parse_internal.h: the reader's state and its character-level
 * helpers (ir_parse_text.c), shared by the two halves of the IR reader:
 * ir_parse_text.c (characters, names, numbers, strings, errors) and
 * ir_parse.c (the constructs of the text form). */
#ifndef BESKID_ARTIFACT_IR_PARSE_INTERNAL_H
#define BESKID_ARTIFACT_IR_PARSE_INTERNAL_H
#include <stdbool.h>
#include <stdint.h>

#include "artifact/ir.h"
#include "support/diag.h"

typedef struct Use {
    uint32_t id;
    Span span;
} Use;

typedef VEC(Use) UseList;

/* A `$symbol` reference, resolved once every function and data item is known. */
typedef enum FixKind { FIX_INST, FIX_RELOC, FIX_ENTRY } FixKind;

typedef struct Fixup {
    FixKind kind;
    bool is_function;  /* else a data symbol */
    uint32_t owner;    /* function (FIX_INST), data (FIX_RELOC) */
    uint32_t block;    /* FIX_INST */
    uint32_t index;    /* instruction, relocation or entry */
    const char *symbol;
    Span span;
} Fixup;

typedef struct Parser {
    Arena *arena;   /* the artifact's */
    Arena *scratch; /* the reader's own tables, freed on return */
    Artifact *a;
    DiagList *diags;
    uint32_t file;
    const char *text;
    uint32_t len;
    uint32_t pos;
    bool failed;
    VEC(Fixup) fixups;
    /* the function being read */
    IrFunc *f;
    uint32_t func_index;
    UseList value_uses, block_uses, local_uses;
    VEC(IrType) declared_values; /* a `values` line */
    bool has_values;
    VEC(uint32_t) operands; /* of the instruction being read */
} Parser;

Span irp_span_at(const Parser *p, uint32_t start, uint32_t end);
bool irp_fail_at(Parser *p, Span span, DiagId id, ...);
bool irp_syntax_error(Parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *irp_found(const Parser *p);
bool irp_at_end(const Parser *p);
char irp_peek(const Parser *p);
void irp_skip_blank(Parser *p);
void irp_skip_empty_lines(Parser *p);
bool irp_expect_eol(Parser *p);
bool irp_accept(Parser *p, char c);
bool irp_expect(Parser *p, char c);
bool irp_is_name_char(char c);
bool irp_is_alnum(char c);
bool irp_accept_word(Parser *p, const char *text);
bool irp_expect_word(Parser *p, const char *text);
bool irp_accept_prefix(Parser *p, const char *text);
bool irp_expect_prefix(Parser *p, const char *text);
uint8_t *irp_read_string(Parser *p, uint32_t *size);
const char *irp_read_name(Parser *p, const char *stops, const char *what);
bool irp_read_uint(Parser *p, uint64_t max, uint64_t *out, const char *what);
bool irp_read_u32(Parser *p, uint32_t max, uint32_t *out, const char *what);
bool irp_read_i64(Parser *p, int64_t *out);
bool irp_read_type(Parser *p, IrType *out);
bool irp_read_choice(Parser *p, const char *const *names, int count, int *out, const char *what);
bool irp_accept_marker(Parser *p, const char *marker, uint32_t *index, bool *ok);
#endif
