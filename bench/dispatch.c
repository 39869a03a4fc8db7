/* dispatch: dynamic dispatch through a vtable and through {fn, env} closures.
 * Object j (j = 0..999) is of kind j mod 3 — adds, multiplies by, or
 * subtracts its k = j mod 7 + 1 — behind a vtable; closure j is of kind
 * j mod 3 over its captured c = j mod 5 + 1. 100,000 passes add
 * op_j(j) + closure_j(j) for every j. */
#include <stdint.h>
#include <stdio.h>

#include <gc.h>

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

typedef struct Env {
    int64_t c;
} Env;
typedef struct Closure {
    int64_t (*fn)(const Env *env, int64_t x);
    const Env *env;
} Closure;

static int64_t add_c(const Env *env, int64_t x) { return x + env->c; }
static int64_t mul_c(const Env *env, int64_t x) { return x * env->c; }
static int64_t sub_c(const Env *env, int64_t x) { return x - env->c; }

typedef struct Entry {
    Op *op;
    Closure f;
} Entry;

static Op *make_op(int64_t j) {
    static const OpVtbl *const kinds[3] = {&add_vtbl, &mul_vtbl, &sub_vtbl};
    Op *op = GC_MALLOC(sizeof *op);
    op->vt = kinds[j % 3];
    op->k = j % 7 + 1;
    return op;
}

static Closure make_closure(int64_t j) {
    static int64_t (*const kinds[3])(const Env *, int64_t) = {add_c, mul_c, sub_c};
    Env *env = GC_MALLOC(sizeof *env);
    env->c = j % 5 + 1;
    return (Closure){kinds[j % 3], env};
}

int main(void) {
    enum { N = 1000 };
    GC_INIT();
    Entry *table = GC_MALLOC(N * sizeof *table);
    for (int64_t j = 0; j < N; j++)
        table[j] = (Entry){make_op(j), make_closure(j)};
    int64_t total = 0;
    for (int pass = 0; pass < 100000; pass++)
        for (int64_t j = 0; j < N; j++) {
            const Entry *e = &table[j];
            total += e->op->vt->apply(e->op, j) + e->f.fn(e->f.env, j);
        }
    printf("dispatch: %lld\n", (long long)total);
    return 0;
}
