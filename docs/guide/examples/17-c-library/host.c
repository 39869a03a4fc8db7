/* A C program using the Beskid library through the header
   `beskid build --kind static --emit-header stats.h` writes. */
#include <stdio.h>
#include <string.h>
#include "stats.h"

int main(int argc, char **argv) {
    printf("sum_to(100) = %lld\n", (long long)sum_to(100));
    printf("mean(3, 4) = %.1f\n", mean(3, 4));
    printf("is_prime(97) = %d\n", is_prime(97));
    printf("%s\n", describe("cart", 3));
    if (argc > 1 && strcmp(argv[1], "fail") == 0)
        fail("asked to");
    return 0;
}
