/* A C program that uses a Beskid library through the header
 * `beskid build --emit-header` wrote (tests/lit/extern/c-host-library.bd). */
#include <stdio.h>
#include <string.h>

#include "lib.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "boom") == 0) {
        printf("before the panic\n");
        fflush(stdout);
        boom("stop");
        printf("not reached\n");
        return 0;
    }
    printf("add %lld\n", (long long)add(40, 2));
    printf("scale %.2f\n", scale(1.25, 4));
    printf("even %d %d\n", is_even(10), is_even(7));
    printf("byte %u\n", (unsigned)next_byte(254));
    const char *hello = greet("C caller");
    printf("greet [%s] %zu\n", hello, strlen(hello));
    printf("length %lld\n", (long long)length("h\xc3\xa9llo"));
    printf("sum %lld\n", (long long)sum_to(100000));
    return 0;
}
