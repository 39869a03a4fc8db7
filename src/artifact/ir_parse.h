/* artifact/ir_parse.h: reads the artifact's text form back (`beskid ir
 * FILE.ir`, `run`/`build` of an .ir file, backend tests written in IR).
 * Accepts exactly what ir_print writes, including the `?` spellings it uses
 * for corrupt references, so verifier tests can state broken IR as text.
 * The result is not verified: callers run ir_verify before any backend. */
#ifndef BESKID_ARTIFACT_IR_PARSE_H
#define BESKID_ARTIFACT_IR_PARSE_H
#include <stdint.h>

#include "artifact/ir.h"
#include "support/diag.h"
#include "support/source.h"

/* Parses source 'file' of 'map' into a new artifact in 'arena'. Returns NULL
 * after reporting the first syntax error (E2101-E2110, located in 'file').
 * Instruction and function spans point into 'file'. Never crashes or loops
 * on any input: sizes and ids are bounded (IR_PARSE_MAX_ID). */
Artifact *ir_parse(Arena *arena, const SourceMap *map, uint32_t file, DiagList *diags);

/* Largest value, block or local number, and largest count of anything the
 * reader will allocate for; bigger numbers are E2110. */
#define IR_PARSE_MAX_ID (1u << 20)
#endif
