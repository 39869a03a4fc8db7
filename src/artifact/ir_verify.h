/* artifact/ir_verify.h: checks the invariants of the artifact after lowering
 * (run in debug and asan builds and in every test). Every violation is
 * collected as an E2011 diagnostic naming the function, the block and the
 * printed instruction; nothing stops at the first one. The invariants are
 * listed at the top of ir_verify.c. */
#ifndef BESKID_ARTIFACT_IR_VERIFY_H
#define BESKID_ARTIFACT_IR_VERIFY_H
#include <stdbool.h>

#include "artifact/ir.h"
#include "support/diag.h"

bool ir_verify(const Artifact *a, DiagList *out);
#endif
