/* fib: naive recursive fib(32) on 64-bit integers, computed 50 times and
 * summed; the argument depends on the running total so the call cannot be
 * hoisted.
 *
 * As a C programmer writes it: the recursion is the workload, so it is the
 * textbook function; nothing to improve without changing the algorithm. */
#include <stdint.h>
#include <stdio.h>

static int64_t fib(int64_t n) {
    if (n < 2) return n;
    return fib(n - 1) + fib(n - 2);
}

int main(void) {
    int64_t total = 0;
    for (int k = 0; k < 50; k++)
        total += fib(32 + total / 1000000000000);
    printf("fib: %lld\n", (long long)total);
    return 0;
}
