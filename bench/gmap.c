/* gmap: an AVL tree map from int64 keys to int64 values, as C would write it: malloc'd nodes, recursive
 * insert with rotations, iterative lookup. N inserts of pseudo-random keys (a 64-bit LCG), N lookups. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { N = 500000, RANGE = 1000000 };

typedef struct Node {
    int64_t key, value;
    struct Node *left, *right;
    int64_t height;
} Node;

static int64_t count;

static inline int64_t height(const Node *n) { return n ? n->height : 0; }

static inline void update(Node *n)
{
    int64_t hl = height(n->left), hr = height(n->right);
    n->height = 1 + (hl > hr ? hl : hr);
}

static Node *rotate_right(Node *n)
{
    Node *l = n->left;
    n->left = l->right;
    l->right = n;
    update(n);
    update(l);
    return l;
}

static Node *rotate_left(Node *n)
{
    Node *r = n->right;
    n->right = r->left;
    r->left = n;
    update(n);
    update(r);
    return r;
}

static Node *rebalance(Node *n)
{
    int64_t hl = height(n->left), hr = height(n->right);
    if (hl > hr + 1) {
        if (height(n->left->left) < height(n->left->right))
            n->left = rotate_left(n->left);
        return rotate_right(n);
    }
    if (hr > hl + 1) {
        if (height(n->right->right) < height(n->right->left))
            n->right = rotate_right(n->right);
        return rotate_left(n);
    }
    n->height = 1 + (hl > hr ? hl : hr);
    return n;
}

static Node *insert(Node *n, int64_t key, int64_t value)
{
    if (n == NULL) {
        Node *fresh = malloc(sizeof *fresh);
        if (fresh == NULL) abort();
        *fresh = (Node){key, value, NULL, NULL, 1};
        count++;
        return fresh;
    }
    if (key < n->key)
        n->left = insert(n->left, key, value);
    else if (key > n->key)
        n->right = insert(n->right, key, value);
    else {
        n->value = value;
        return n;
    }
    return rebalance(n);
}

static const Node *find(const Node *n, int64_t key)
{
    while (n != NULL && n->key != key)
        n = key < n->key ? n->left : n->right;
    return n;
}

static uint64_t seed = 42;

static int64_t next_key(void)
{
    seed = seed * 6364136223846793005u + 1442695040888963407u;
    return ((int64_t)seed / 65536) % RANGE;
}

int main(void)
{
    Node *root = NULL;
    for (int64_t i = 0; i < N; i++)
        root = insert(root, next_key(), i);
    int64_t found = 0, sum = 0;
    for (int64_t i = 0; i < N; i++) {
        const Node *n = find(root, next_key());
        if (n != NULL) {
            found++;
            sum += n->value;
        }
    }
    printf("gmap: %lld %lld %lld %lld\n", (long long)count, (long long)height(root), (long long)found,
           (long long)sum);
    return 0;
}
