/* trees: binary trees; a node holds two child references, a leaf holds none.
 * A stretch tree of depth 17, a long-lived tree of depth 16, 2^(16-d+4) trees
 * of depth d = 4, 6, ..., 16; prints the sum of the node counts.
 *
 * As a C programmer writes it: one malloc per node (16 bytes: two pointers; a
 * leaf is a node whose children are NULL), every tree freed once it has been
 * counted. No arena: the workload is the general-purpose heap (see README). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct Node {
    struct Node *left, *right;
} Node;

static Node *make(int depth) {
    Node *n = malloc(sizeof *n);
    if (n == NULL) abort();
    if (depth > 0) {
        n->left = make(depth - 1);
        n->right = make(depth - 1);
    } else {
        n->left = n->right = NULL;
    }
    return n;
}

static int64_t check(const Node *n) {
    if (n->left == NULL) return 1;
    return 1 + check(n->left) + check(n->right);
}

static void destroy(Node *n) {
    if (n->left != NULL) {
        destroy(n->left);
        destroy(n->right);
    }
    free(n);
}

int main(void) {
    Node *stretch = make(17);
    int64_t total = check(stretch);
    destroy(stretch);
    Node *long_lived = make(16);
    for (int d = 4; d <= 16; d += 2) {
        int64_t count = (int64_t)1 << (16 - d + 4);
        for (int64_t i = 0; i < count; i++) {
            Node *t = make(d);
            total += check(t);
            destroy(t);
        }
    }
    total += check(long_lived);
    destroy(long_lived);
    printf("trees: %lld\n", (long long)total);
    return 0;
}
