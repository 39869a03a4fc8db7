/* artifact/ir_print.h: the artifact's text form (`beskid ir`, golden tests).
 * Deterministic: definition order only, no pointers, no hash order. */
#ifndef BESKID_ARTIFACT_IR_PRINT_H
#define BESKID_ARTIFACT_IR_PRINT_H
#include <stdio.h>

#include "artifact/ir.h"
#include "support/source.h"

typedef enum IrPrintFlags {
    IR_PRINT_DEFAULT = 0,
    IR_PRINT_LOCATIONS = 1 << 0, /* `; file:line:col` after each instruction (needs a SourceMap) */
} IrPrintFlags;

void ir_print(FILE *out, const Artifact *a, const SourceMap *map, IrPrintFlags flags);
void ir_print_func(FILE *out, const Artifact *a, const IrFunc *f, const SourceMap *map, IrPrintFlags flags);
/* One instruction as text (no newline), for verifier messages. */
void ir_print_inst(FILE *out, const Artifact *a, const IrFunc *f, const IrInst *inst);
#endif
