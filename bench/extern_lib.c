/* bench/extern_lib.c: the tiny C function the extern-call benchmark calls
 * (bench/extern_call.sh), built into a shared library so that neither C nor
 * Beskid can inline it: every call is a real call through the PLT (C, Beskid
 * executable) or through the address `beskid run` bound. */
#include <stdint.h>

int64_t bench_step(int64_t acc, int64_t i)
{
    return (acc ^ i) + (i & 7);
}
