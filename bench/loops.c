/* loops: for i in 1..999999 count the Collatz steps of i until it reaches 1;
 * sum the counts.
 *
 * As a C programmer writes it: the values are natural numbers, so unsigned
 * (n / 2 is a shift, n % 2 a mask), a `for` over i, the step loop inline. */
#include <stdint.h>
#include <stdio.h>

int main(void) {
    uint64_t total = 0;
    for (uint64_t i = 1; i < 1000000; i++) {
        uint64_t n = i, steps = 0;
        while (n != 1) {
            n = n % 2 ? 3 * n + 1 : n / 2;
            steps++;
        }
        total += steps;
    }
    printf("loops: %llu\n", (unsigned long long)total);
    return 0;
}
