/* support/check.c: the one place a compiler bug (or exhausted memory) stops
 * the process. The message goes to file descriptor 2 itself, not through
 * `stderr`: the launcher holds `stderr` back while it tries the cache
 * (launch/launch.c), and a dying process must still say why. */
#include "support/check.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void bsk_die(const char *file, int line, const char *what)
{
    fflush(stderr);
    dprintf(2, "beskid: internal compiler error: %s:%d: %s\n", file, line, what);
    abort();
}

_Noreturn void bsk_out_of_memory(void)
{
    fflush(stderr);
    dprintf(2, "beskid: out of memory\n");
    abort();
}
