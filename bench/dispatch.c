/* dispatch: dynamic dispatch through an interface and through closures.
 * Object j (j = 0..999) is of kind j mod 3 - adds, multiplies by, or
 * subtracts its k = j mod 7 + 1 - behind an interface; closure j is of kind
 * j mod 3 over its captured c = j mod 5 + 1. 100,000 passes add
 * op_j(j) + closure_j(j) for every j.
 *
 * As a C programmer writes it: an interface is a struct of function pointers
 * (a static vtable per kind) that each object points to; the 1,000 objects
 * are all the same size, so they sit by value in one array; a closure is the
 * usual {function, void *context} pair, its context (c) in a parallel array. */
#include <stdint.h>
#include <stdio.h>

enum { N = 1000, PASSES = 100000 };

typedef struct Op Op;
typedef struct OpVtbl {
    int64_t (*apply)(const Op *self, int64_t x);
} OpVtbl;
struct Op {
    const OpVtbl *vt;
    int64_t k;
};

static int64_t add_apply(const Op *self, int64_t x) { return x + self->k; }
static int64_t mul_apply(const Op *self, int64_t x) { return x * self->k; }
static int64_t sub_apply(const Op *self, int64_t x) { return x - self->k; }
static const OpVtbl add_vtbl = {add_apply}, mul_vtbl = {mul_apply}, sub_vtbl = {sub_apply};

typedef struct Closure {
    int64_t (*fn)(const void *ctx, int64_t x);
    const void *ctx;
} Closure;

static int64_t add_c(const void *ctx, int64_t x) { return x + *(const int64_t *)ctx; }
static int64_t mul_c(const void *ctx, int64_t x) { return x * *(const int64_t *)ctx; }
static int64_t sub_c(const void *ctx, int64_t x) { return x - *(const int64_t *)ctx; }

static Op ops[N];
static Closure fns[N];
static int64_t captured[N];

int main(void) {
    static const OpVtbl *const op_kinds[3] = {&add_vtbl, &mul_vtbl, &sub_vtbl};
    static int64_t (*const fn_kinds[3])(const void *, int64_t) = {add_c, mul_c, sub_c};
    for (int64_t j = 0; j < N; j++) {
        ops[j] = (Op){op_kinds[j % 3], j % 7 + 1};
        captured[j] = j % 5 + 1;
        fns[j] = (Closure){fn_kinds[j % 3], &captured[j]};
    }
    int64_t total = 0;
    for (int pass = 0; pass < PASSES; pass++)
        for (int64_t j = 0; j < N; j++)
            total += ops[j].vt->apply(&ops[j], j) + fns[j].fn(fns[j].ctx, j);
    printf("dispatch: %lld\n", (long long)total);
    return 0;
}
