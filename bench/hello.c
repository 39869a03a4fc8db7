/* hello: one line; measures process start-up. */
#include <stdio.h>

int main(void) {
    fputs("hello: beskid\n", stdout);
    return 0;
}
