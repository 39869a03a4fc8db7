/* hello: one line; measures process start-up. */
#include <stdio.h>

int main(void) {
    printf("hello: beskid\n");
    return 0;
}
