/* bench/extern_call.c: 100,000,000 calls of bench_step (bench/extern_lib.c)
 * from C; the same loop as bench/extern_call.bd. */
#include <stdint.h>
#include <stdio.h>

int64_t bench_step(int64_t acc, int64_t i);

int main(void)
{
    int64_t acc = 0;
    for (int64_t i = 0; i < 100000000; i++)
        acc = bench_step(acc, i);
    printf("extern_call: %lld\n", (long long)acc);
    return 0;
}
