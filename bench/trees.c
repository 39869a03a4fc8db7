/* trees: binary trees on the Boehm collector (GC_MALLOC, like the beskid runtime). */
#include <gc.h>
#include <stdint.h>
#include <stdio.h>

typedef struct Node { struct Node *left, *right; } Node;

static Node *make(int64_t d) {
    Node *n = GC_MALLOC(sizeof(Node));
    if (d > 0) {
        n->left = make(d - 1);
        n->right = make(d - 1);
    } else {
        n->left = n->right = NULL;
    }
    return n;
}

static int64_t check(const Node *n) {
    if (n->left == NULL) return 1;
    return 1 + check(n->left) + check(n->right);
}

int main(void) {
    GC_INIT();
    int64_t total = check(make(17));
    Node *longLived = make(16);
    for (int64_t d = 4; d <= 16; d += 2) {
        int64_t iters = (int64_t)1 << (16 - d + 4);
        for (int64_t i = 0; i < iters; i++) total += check(make(d));
    }
    total += check(longLived);
    printf("trees: %lld\n", (long long)total);
    return 0;
}
