/* fib: naive recursive fib(32) on 64-bit integers, 50 times, summed. */
#include <stdint.h>
#include <stdio.h>

static int64_t fib(int64_t n) {
    if (n < 2) return n;
    return fib(n - 1) + fib(n - 2);
}

int main(void) {
    int64_t total = 0;
    for (int64_t k = 0; k < 50; k++)
        total += fib(32 + total / 1000000000000);
    printf("fib: %lld\n", (long long)total);
    return 0;
}
