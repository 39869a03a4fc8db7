/* support/check.c: the one place a compiler bug (or exhausted memory) stops
 * the process. */
#include "support/check.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void bsk_die(const char *file, int line, const char *what)
{
    fprintf(stderr, "beskid: internal compiler error: %s:%d: %s\n", file, line, what);
    abort();
}

_Noreturn void bsk_out_of_memory(void)
{
    fputs("beskid: out of memory\n", stderr);
    abort();
}
