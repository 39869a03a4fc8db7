/* loops: sum of Collatz step counts for i in 1..999999. */
#include <stdint.h>
#include <stdio.h>

int main(void) {
    int64_t total = 0;
    for (int64_t i = 1; i < 1000000; i++) {
        int64_t n = i, steps = 0;
        while (n != 1) {
            if (n % 2 == 0) n = n / 2;
            else n = 3 * n + 1;
            steps++;
        }
        total += steps;
    }
    printf("loops: %lld\n", (long long)total);
    return 0;
}
