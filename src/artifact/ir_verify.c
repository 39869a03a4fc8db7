/* artifact/ir_verify.c: checks the artifact's invariants after lowering and
 * reports every violation as an E2011 diagnostic (Cranelift's verifier: keep
 * going, collect all). Messages name the block and quote the instruction,
 * e.g. `@b2: %3: i32 = add %1, %2: operand types i32, i64 differ`.
 *
 * Invariants:
 *  Functions
 *   F1  a function has at least one block; block 0 is the entry.
 *   F2  every block is non-empty and ends in exactly one terminator (jmp, br,
 *       ret, unreachable); no terminator appears before the end.
 *   F3  value_types starts with the parameter types (values 0..param_count-1).
 *   F4  an instruction has a result iff its type is not void; the result id is
 *       < value_types.count, is defined once, and value_types[id] == its type.
 *   F5  every value operand names a defined value, and its definition dominates
 *       the use: parameters dominate everything; in the same block the
 *       definition comes earlier; otherwise the defining block dominates the
 *       using block. Uses in unreachable blocks only need the value to exist.
 *   F6  operand counts match ir_ops.def (calls and ret are variable).
 *   F7  types agree per op (result rule of ir_ops.def, then per op below):
 *       iconst i8/i32/i64/ptr; fconst f64; add…urem/neg all one of i8/i32/i64;
 *       fadd…fdiv/fneg all f64; not i8 -> i8; icmp same int/ptr type, int
 *       cond; fcmp f64, float cond; sext/zext widen and trunc narrows an int;
 *       sitofp/uitofp int -> f64; fptosi/fptoui f64 -> int; get/set name a
 *       local and match its type; load has a result and a ptr address; store
 *       a ptr address; data/funcaddr name an existing entity and yield ptr;
 *       call/callrt/callext name an existing callee and match its parameter
 *       and return types; callind's first operand is ptr; jmp/br targets are
 *       blocks; br's condition is i8; ret carries no value iff the function
 *       returns void, else one value of the return type.
 *  Artifact
 *   A1  runtime imports name known runtime functions.
 *   A2  data relocations fit (offset + 8 <= size), come in increasing offset
 *       order without overlapping (codegen lays the data out as byte runs
 *       between them), and name an existing target.
 *   A3  entries name an existing function with the same parameter count
 *       (generic entries have no code and are not checked).
 *   A4  function and data symbols are non-null and unique.
 *   A5  a string object (strobject) is ABI_STR_BYTES, word aligned, with one
 *       relocation, at ABI_STR_PTR, naming string data of valid UTF-8 whose
 *       size is the object's length word (literals are never checked at run
 *       time, so the artifact is). */
#include "artifact/ir_verify.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "abi/abi_layout.h"
#include "artifact/ir_print.h"
#include "support/strbuf.h"

enum ResultRule { RULE_NONE, RULE_TYPED, RULE_BOOL };

static const enum ResultRule result_rule[] = {
#define OP(name, text, operands, result) [IR_OP_##name] = RULE_##result,
#include "artifact/ir_ops.def"
#undef OP
};

#define UNDEF UINT32_MAX
#define PARAM (UINT32_MAX - 1)

typedef struct Verifier {
    const Artifact *a;
    DiagList *out;
    Arena *scratch; /* per-function tables; freed when ir_verify returns */
    bool ok;
    const IrFunc *f;
    uint32_t *def_block; /* per value: defining block, PARAM or UNDEF */
    uint32_t *def_pos;   /* per value: index in its block */
    uint32_t *post;      /* per block: postorder number, UNDEF when unreachable */
    uint32_t *idom;      /* per block: immediate dominator (entry: itself) */
} Verifier;

static void report_v(Verifier *v, Span span, const char *who, const char *prefix, const char *fmt, va_list ap)
{
    StrBuf sb = {0};
    strbuf_puts(&sb, prefix);
    strbuf_vprintf(&sb, fmt, ap);
    diag_report(v->out, span, DIAG_E2011_IR_VERIFICATION, who, strbuf_cstr(&sb));
    strbuf_free(&sb);
    v->ok = false;
}

__attribute__((format(printf, 3, 4))) static void entity_error(Verifier *v, const char *who, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_v(v, SPAN_NONE, who ? who : "(null)", "", fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 2, 3))) static void func_error(Verifier *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_v(v, v->f->span, v->f->symbol, "", fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 3, 4))) static void block_error(Verifier *v, uint32_t block, const char *fmt, ...)
{
    char prefix[32];
    snprintf(prefix, sizeof prefix, "@b%" PRIu32 ": ", block);
    va_list ap;
    va_start(ap, fmt);
    report_v(v, v->f->span, v->f->symbol, prefix, fmt, ap);
    va_end(ap);
}

/* Reports "@bN: <printed inst>: message" at the instruction's location. */
__attribute__((format(printf, 4, 5))) static void inst_error(Verifier *v, uint32_t block, const IrInst *inst,
                                                             const char *fmt, ...)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    fprintf(mem, "@b%" PRIu32 ": ", block);
    ir_print_inst(mem, v->a, v->f, inst);
    fputs(": ", mem);
    fclose(mem);
    Span span = inst->loc.file != SPAN_NO_FILE ? inst->loc : v->f->span;
    va_list ap;
    va_start(ap, fmt);
    report_v(v, span, v->f->symbol, text, fmt, ap);
    va_end(ap);
    free(text);
}

static bool is_int(IrType t)
{
    return t == IR_I8 || t == IR_I32 || t == IR_I64;
}

static int int_width(IrType t)
{
    return t == IR_I8 ? 1 : t == IR_I32 ? 4 : 8;
}

static const char *tname(IrType t)
{
    return (unsigned)t <= IR_PTR ? ir_type_name(t) : "?type";
}

/* ---- control flow ---- */

static uint32_t successors(const IrFunc *f, uint32_t b, uint32_t out[2])
{
    const IrBlock *block = &f->blocks.items[b];
    if (block->insts.count == 0)
        return 0;
    const IrInst *last = &VEC_LAST(&block->insts);
    uint32_t n = 0;
    if (last->op == IR_OP_JMP || last->op == IR_OP_BR)
        if (last->target < f->blocks.count)
            out[n++] = last->target;
    if (last->op == IR_OP_BR && last->target2 < f->blocks.count)
        out[n++] = last->target2;
    return n;
}

static uint32_t intersect(const Verifier *v, uint32_t a, uint32_t b)
{
    while (a != b) {
        while (v->post[a] < v->post[b])
            a = v->idom[a];
        while (v->post[b] < v->post[a])
            b = v->idom[b];
    }
    return a;
}

/* Cooper, Harvey and Kennedy's iterative algorithm over the blocks reachable
 * from the entry, in reverse postorder. */
static void compute_dominators(Verifier *v)
{
    const IrFunc *f = v->f;
    uint32_t n = f->blocks.count;
    v->post = ARENA_ARRAY(v->scratch, uint32_t, n);
    v->idom = ARENA_ARRAY(v->scratch, uint32_t, n);
    uint32_t *order = ARENA_ARRAY(v->scratch, uint32_t, n); /* blocks by postorder number */
    uint32_t *stack = ARENA_ARRAY(v->scratch, uint32_t, n);
    uint32_t *next = ARENA_ARRAY(v->scratch, uint32_t, n); /* successor index to visit next */
    bool *seen = ARENA_ARRAY(v->scratch, bool, n);
    for (uint32_t b = 0; b < n; b++)
        v->post[b] = v->idom[b] = UNDEF;

    uint32_t depth = 0, count = 0;
    stack[depth++] = 0;
    seen[0] = true;
    while (depth) {
        uint32_t b = stack[depth - 1], succ[2];
        uint32_t ns = successors(f, b, succ);
        if (next[b] < ns) {
            uint32_t s = succ[next[b]++];
            if (!seen[s]) {
                seen[s] = true;
                stack[depth++] = s;
            }
            continue;
        }
        v->post[b] = count;
        order[count++] = b;
        depth--;
    }

    /* Predecessor lists (CSR) of reachable blocks. */
    uint32_t *pred_start = ARENA_ARRAY(v->scratch, uint32_t, n + 1);
    for (uint32_t i = 0; i < count; i++) {
        uint32_t succ[2], ns = successors(f, order[i], succ);
        for (uint32_t k = 0; k < ns; k++)
            pred_start[succ[k] + 1]++;
    }
    for (uint32_t b = 0; b < n; b++)
        pred_start[b + 1] += pred_start[b];
    uint32_t *preds = ARENA_ARRAY(v->scratch, uint32_t, pred_start[n] + 1);
    uint32_t *fill = ARENA_ARRAY(v->scratch, uint32_t, n);
    for (uint32_t i = 0; i < count; i++) {
        uint32_t succ[2], ns = successors(f, order[i], succ);
        for (uint32_t k = 0; k < ns; k++)
            preds[pred_start[succ[k]] + fill[succ[k]]++] = order[i];
    }

    v->idom[0] = 0;
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = count; i-- > 0;) {
            uint32_t b = order[i];
            if (b == 0)
                continue;
            uint32_t best = UNDEF;
            for (uint32_t k = pred_start[b]; k < pred_start[b + 1]; k++) {
                uint32_t p = preds[k];
                if (v->idom[p] == UNDEF)
                    continue;
                best = best == UNDEF ? p : intersect(v, p, best);
            }
            if (best != v->idom[b]) {
                v->idom[b] = best;
                changed = true;
            }
        }
    }
}

static bool dominates(const Verifier *v, uint32_t a, uint32_t b)
{
    while (b != a && b != 0)
        b = v->idom[b];
    return b == a;
}

/* ---- instructions ---- */

/* F5: false when 'value' does not exist (type checks are then skipped). */
static bool check_use(Verifier *v, uint32_t b, uint32_t pos, const IrInst *inst, uint32_t value)
{
    if (value >= v->f->value_types.count || v->def_block[value] == UNDEF) {
        inst_error(v, b, inst, "operand %%%" PRIu32 " is not defined", value);
        return false;
    }
    uint32_t db = v->def_block[value];
    if (db == PARAM || v->post[b] == UNDEF)
        return true;
    bool ok = db == b ? v->def_pos[value] < pos : v->post[db] != UNDEF && dominates(v, db, b);
    if (!ok)
        inst_error(v, b, inst, "operand %%%" PRIu32 " is not dominated by its definition", value);
    return true;
}

static void check_block_target(Verifier *v, uint32_t b, const IrInst *inst, uint32_t target)
{
    if (target >= v->f->blocks.count)
        inst_error(v, b, inst, "target @b%" PRIu32 " does not exist", target);
}

/* Arguments of a direct call against the callee's parameter and return types. */
static void check_call_sig(Verifier *v, uint32_t b, const IrInst *inst, const IrType *params, uint32_t param_count,
                           IrType ret, const IrType *arg_types)
{
    if (inst->arg_count != param_count) {
        inst_error(v, b, inst, "callee expects %" PRIu32 " arguments, got %" PRIu32, param_count, inst->arg_count);
    } else {
        for (uint32_t i = 0; i < param_count; i++)
            if (arg_types[i] != params[i])
                inst_error(v, b, inst, "argument %" PRIu32 " has type %s, callee expects %s", i,
                           tname(arg_types[i]), tname(params[i]));
    }
    if (inst->type != ret)
        inst_error(v, b, inst, "result type %s differs from the callee's return type %s", tname(inst->type),
                   tname(ret));
}

/* F7 for one instruction whose operands all exist and whose count is right. */
static void check_types(Verifier *v, uint32_t b, const IrInst *inst, const IrType *t)
{
    const Artifact *a = v->a;
    const IrFunc *f = v->f;
    IrType ty = inst->type;
    switch (inst->op) {
    case IR_OP_ICONST:
        if (!is_int(ty) && ty != IR_PTR)
            inst_error(v, b, inst, "iconst type must be i8, i32, i64 or ptr, got %s", tname(ty));
        break;
    case IR_OP_FCONST:
        if (ty != IR_F64)
            inst_error(v, b, inst, "fconst type must be f64, got %s", tname(ty));
        break;
    case IR_OP_ADD:
    case IR_OP_SUB:
    case IR_OP_MUL:
    case IR_OP_SDIV:
    case IR_OP_SREM:
    case IR_OP_UDIV:
    case IR_OP_UREM:
        if (t[0] != t[1])
            inst_error(v, b, inst, "operand types %s, %s differ", tname(t[0]), tname(t[1]));
        else if (!is_int(t[0]))
            inst_error(v, b, inst, "operands must be i8, i32 or i64, got %s", tname(t[0]));
        else if (ty != t[0])
            inst_error(v, b, inst, "result type %s differs from operand type %s", tname(ty), tname(t[0]));
        break;
    case IR_OP_FADD:
    case IR_OP_FSUB:
    case IR_OP_FMUL:
    case IR_OP_FDIV:
        if (t[0] != IR_F64 || t[1] != IR_F64)
            inst_error(v, b, inst, "operands must be f64, got %s, %s", tname(t[0]), tname(t[1]));
        if (ty != IR_F64)
            inst_error(v, b, inst, "result type must be f64, got %s", tname(ty));
        break;
    case IR_OP_NEG:
        if (!is_int(t[0]))
            inst_error(v, b, inst, "operand must be i8, i32 or i64, got %s", tname(t[0]));
        else if (ty != t[0])
            inst_error(v, b, inst, "result type %s differs from operand type %s", tname(ty), tname(t[0]));
        break;
    case IR_OP_FNEG:
        if (t[0] != IR_F64 || ty != IR_F64)
            inst_error(v, b, inst, "operand and result must be f64, got %s -> %s", tname(t[0]), tname(ty));
        break;
    case IR_OP_NOT:
        if (t[0] != IR_I8)
            inst_error(v, b, inst, "operand must be i8, got %s", tname(t[0]));
        break;
    case IR_OP_ICMP:
        if (t[0] != t[1])
            inst_error(v, b, inst, "operand types %s, %s differ", tname(t[0]), tname(t[1]));
        else if (!is_int(t[0]) && t[0] != IR_PTR)
            inst_error(v, b, inst, "icmp operands must be integers or ptr, got %s", tname(t[0]));
        if ((unsigned)inst->cond > IR_COND_UGE)
            inst_error(v, b, inst, "invalid icmp condition %d", (int)inst->cond);
        break;
    case IR_OP_FCMP:
        if (t[0] != IR_F64 || t[1] != IR_F64)
            inst_error(v, b, inst, "operands must be f64, got %s, %s", tname(t[0]), tname(t[1]));
        if (inst->cond != IR_COND_EQ && inst->cond != IR_COND_NE &&
            (inst->cond < IR_COND_FLT || inst->cond > IR_COND_FGE))
            inst_error(v, b, inst, "invalid fcmp condition %d", (int)inst->cond);
        break;
    case IR_OP_SEXT:
    case IR_OP_ZEXT:
    case IR_OP_TRUNC: {
        if (!is_int(t[0]) || !is_int(ty)) {
            inst_error(v, b, inst, "conversion needs integer types, got %s -> %s", tname(t[0]), tname(ty));
            break;
        }
        bool trunc = inst->op == IR_OP_TRUNC;
        if (trunc ? int_width(ty) >= int_width(t[0]) : int_width(ty) <= int_width(t[0]))
            inst_error(v, b, inst, "result %s is not %s than operand %s", tname(ty), trunc ? "narrower" : "wider",
                       tname(t[0]));
        break;
    }
    case IR_OP_SITOFP:
    case IR_OP_UITOFP:
        if (!is_int(t[0]) || ty != IR_F64)
            inst_error(v, b, inst, "conversion must be integer -> f64, got %s -> %s", tname(t[0]), tname(ty));
        break;
    case IR_OP_FPTOSI:
    case IR_OP_FPTOUI:
        if (t[0] != IR_F64 || !is_int(ty))
            inst_error(v, b, inst, "conversion must be f64 -> integer, got %s -> %s", tname(t[0]), tname(ty));
        break;
    case IR_OP_LOCAL_GET:
    case IR_OP_LOCAL_SET: {
        if (inst->target >= f->locals.count) {
            inst_error(v, b, inst, "local %%l%" PRIu32 " does not exist", inst->target);
            break;
        }
        IrType want = f->locals.items[inst->target].type;
        IrType got = inst->op == IR_OP_LOCAL_GET ? ty : t[0];
        if (got != want)
            inst_error(v, b, inst, "type %s differs from local %%l%" PRIu32 " of type %s", tname(got), inst->target,
                       tname(want));
        break;
    }
    case IR_OP_LOAD:
    case IR_OP_LOAD_FINAL:
        if (ty == IR_VOID)
            inst_error(v, b, inst, "load needs a result type");
        if (t[0] != IR_PTR)
            inst_error(v, b, inst, "address operand must be ptr, got %s", tname(t[0]));
        break;
    case IR_OP_STORE:
        if (t[0] != IR_PTR)
            inst_error(v, b, inst, "address operand must be ptr, got %s", tname(t[0]));
        break;
    case IR_OP_PTR_ADD:
        if (t[0] != IR_PTR || t[1] != IR_I64)
            inst_error(v, b, inst, "operands must be ptr, i64, got %s, %s", tname(t[0]), tname(t[1]));
        if (ty != IR_PTR)
            inst_error(v, b, inst, "result type must be ptr, got %s", tname(ty));
        break;
    case IR_OP_DATA_ADDR:
    case IR_OP_FUNC_ADDR: {
        bool data = inst->op == IR_OP_DATA_ADDR;
        if (inst->target >= (data ? a->data.count : a->funcs.count))
            inst_error(v, b, inst, "%s index %" PRIu32 " is out of range", data ? "data" : "function", inst->target);
        if (ty != IR_PTR)
            inst_error(v, b, inst, "result type must be ptr, got %s", tname(ty));
        break;
    }
    case IR_OP_CALL:
        if (inst->target >= a->funcs.count) {
            inst_error(v, b, inst, "function index %" PRIu32 " is out of range", inst->target);
            break;
        }
        check_call_sig(v, b, inst, a->funcs.items[inst->target]->params, a->funcs.items[inst->target]->param_count,
                       a->funcs.items[inst->target]->ret, t);
        break;
    case IR_OP_CALL_RT: {
        if (inst->target >= a->runtime_imports.count || a->runtime_imports.items[inst->target].fn >= IR_RT__COUNT) {
            inst_error(v, b, inst, "runtime import index %" PRIu32 " is out of range", inst->target);
            break;
        }
        IrRuntimeFn fn = a->runtime_imports.items[inst->target].fn;
        IrType params[8];
        uint32_t count = ir_runtime_param_count(fn);
        for (uint32_t i = 0; i < count && i < 8; i++)
            params[i] = ir_runtime_param(fn, i);
        check_call_sig(v, b, inst, params, count, ir_runtime_ret(fn), t);
        break;
    }
    case IR_OP_CALL_EXTERN:
        if (inst->target >= a->extern_imports.count) {
            inst_error(v, b, inst, "extern import index %" PRIu32 " is out of range", inst->target);
            break;
        }
        check_call_sig(v, b, inst, a->extern_imports.items[inst->target].params,
                       a->extern_imports.items[inst->target].param_count, a->extern_imports.items[inst->target].ret,
                       t);
        break;
    case IR_OP_CALL_INDIRECT:
        if (inst->arg_count == 0)
            inst_error(v, b, inst, "callind needs a callee operand");
        else if (t[0] != IR_PTR)
            inst_error(v, b, inst, "callee operand must be ptr, got %s", tname(t[0]));
        break;
    case IR_OP_JMP: check_block_target(v, b, inst, inst->target); break;
    case IR_OP_BR:
        check_block_target(v, b, inst, inst->target);
        check_block_target(v, b, inst, inst->target2);
        if (t[0] != IR_I8)
            inst_error(v, b, inst, "branch condition must be i8, got %s", tname(t[0]));
        break;
    case IR_OP_RET:
        if (f->ret == IR_VOID) {
            if (inst->arg_count != 0)
                inst_error(v, b, inst, "ret in a void function has a value");
        } else if (inst->arg_count != 1) {
            inst_error(v, b, inst, "ret needs one value of type %s, got %" PRIu32 " operands", tname(f->ret),
                       inst->arg_count);
        } else if (t[0] != f->ret) {
            inst_error(v, b, inst, "ret value has type %s, function returns %s", tname(t[0]), tname(f->ret));
        }
        break;
    case IR_OP_UNREACHABLE:
    case IR_OP__COUNT: break;
    }
}

static void check_inst(Verifier *v, uint32_t b, uint32_t pos, const IrInst *inst)
{
    if (inst->op >= IR_OP__COUNT)
        return; /* reported by the structure pass */
    if (inst->arg_count && !inst->args) {
        inst_error(v, b, inst, "operand list is missing");
        return;
    }
    bool operands_ok = true;
    IrType small[8];
    IrType *types = inst->arg_count <= 8 ? small : ARENA_ARRAY(v->scratch, IrType, inst->arg_count);
    for (uint32_t i = 0; i < inst->arg_count; i++) {
        uint32_t value = inst->args[i];
        if (check_use(v, b, pos, inst, value))
            types[i] = v->f->value_types.items[value];
        else
            operands_ok = false;
    }
    int expected = ir_op_operand_count(inst->op);
    if (expected >= 0 && inst->arg_count != (uint32_t)expected) {
        inst_error(v, b, inst, "expected %d operands, got %" PRIu32, expected, inst->arg_count);
        return;
    }
    switch (result_rule[inst->op]) {
    case RULE_NONE:
        if (inst->type != IR_VOID)
            inst_error(v, b, inst, "%s has no result, but its type is %s", ir_op_name(inst->op), tname(inst->type));
        break;
    case RULE_BOOL:
        if (inst->type != IR_I8)
            inst_error(v, b, inst, "result type must be i8, got %s", tname(inst->type));
        break;
    case RULE_TYPED: break;
    }
    if (operands_ok)
        check_types(v, b, inst, types);
}

/* F1, F2, F4 and the definition table used by F5. */
static void check_structure(Verifier *v)
{
    const IrFunc *f = v->f;
    uint32_t nvalues = f->value_types.count;
    for (uint32_t b = 0; b < f->blocks.count; b++) {
        const IrBlock *block = &f->blocks.items[b];
        if (block->insts.count == 0)
            block_error(v, b, "block is empty");
        for (uint32_t i = 0; i < block->insts.count; i++) {
            const IrInst *inst = &block->insts.items[i];
            if (inst->op >= IR_OP__COUNT) {
                block_error(v, b, "instruction %" PRIu32 " has unknown op %d", i, (int)inst->op);
                continue;
            }
            bool last = i + 1 == block->insts.count;
            if (ir_op_is_terminator(inst->op) && !last)
                inst_error(v, b, inst, "terminator before the end of the block");
            if (!ir_op_is_terminator(inst->op) && last)
                inst_error(v, b, inst, "block does not end in a terminator");
            uint32_t r = inst->result;
            if (inst->type == IR_VOID) {
                if (r != IR_NO_VALUE)
                    inst_error(v, b, inst, "void instruction defines %%%" PRIu32, r);
                continue;
            }
            if (r == IR_NO_VALUE) {
                inst_error(v, b, inst, "instruction of type %s defines no value", tname(inst->type));
            } else if (r >= nvalues) {
                inst_error(v, b, inst, "result %%%" PRIu32 " is out of range (%" PRIu32 " values)", r, nvalues);
            } else if (v->def_block[r] != UNDEF) {
                inst_error(v, b, inst, "value %%%" PRIu32 " is defined more than once", r);
            } else {
                if (f->value_types.items[r] != inst->type)
                    inst_error(v, b, inst, "result type %s differs from the type of %%%" PRIu32 " (%s)",
                               tname(inst->type), r, tname(f->value_types.items[r]));
                v->def_block[r] = b;
                v->def_pos[r] = i;
            }
        }
    }
}

static void verify_func(Verifier *v, const IrFunc *f)
{
    v->f = f;
    if (f->blocks.count == 0) {
        func_error(v, "function has no blocks");
        return;
    }
    uint32_t nvalues = f->value_types.count;
    v->def_block = ARENA_ARRAY(v->scratch, uint32_t, nvalues + 1);
    v->def_pos = ARENA_ARRAY(v->scratch, uint32_t, nvalues + 1);
    for (uint32_t i = 0; i < nvalues; i++)
        v->def_block[i] = UNDEF;
    for (uint32_t i = 0; i < f->param_count; i++) {
        if (i >= nvalues || f->value_types.items[i] != f->params[i]) {
            func_error(v, "value_types does not start with the parameter types");
            break;
        }
        v->def_block[i] = PARAM;
    }
    check_structure(v);
    compute_dominators(v);
    for (uint32_t b = 0; b < f->blocks.count; b++) {
        const IrBlock *block = &f->blocks.items[b];
        for (uint32_t i = 0; i < block->insts.count; i++)
            check_inst(v, b, i, &block->insts.items[i]);
    }
}

/* ---- artifact-level invariants ---- */

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 1099511628211u;
    return h;
}

/* A4 with an open-addressing set; one pass over functions then data. */
static void check_symbols(Verifier *v)
{
    const Artifact *a = v->a;
    uint32_t total = a->funcs.count + a->data.count, cap = 16;
    while (cap < total * 2)
        cap *= 2;
    const char **set = ARENA_ARRAY(v->scratch, const char *, cap);
    for (uint32_t i = 0; i < total; i++) {
        const char *sym = i < a->funcs.count ? a->funcs.items[i]->symbol : a->data.items[i - a->funcs.count].symbol;
        if (!sym) {
            entity_error(v, "(null)", "%s %" PRIu32 " has no symbol", i < a->funcs.count ? "function" : "data",
                         i < a->funcs.count ? i : i - a->funcs.count);
            continue;
        }
        uint32_t slot = (uint32_t)hash_str(sym) & (cap - 1);
        while (set[slot] && strcmp(set[slot], sym) != 0)
            slot = (slot + 1) & (cap - 1);
        if (set[slot])
            entity_error(v, sym, "symbol `%s` is defined more than once", sym);
        else
            set[slot] = sym;
    }
}

/* Strict UTF-8 (RFC 3629), as the runtime's check of strings it is given. */
static bool utf8_valid(const uint8_t *bytes, uint32_t len)
{
    uint32_t i = 0;
    while (i < len) {
        uint8_t b = bytes[i];
        uint32_t extra;
        uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
        if (b < 0x80) {
            i++;
            continue;
        } else if (b >= 0xC2 && b <= 0xDF) {
            extra = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            extra = 2;
            lo = b == 0xE0 ? 0xA0 : 0x80; /* overlong */
            hi = b == 0xED ? 0x9F : 0xBF; /* surrogates */
        } else if (b >= 0xF0 && b <= 0xF4) {
            extra = 3;
            lo = b == 0xF0 ? 0x90 : 0x80; /* overlong */
            hi = b == 0xF4 ? 0x8F : 0xBF; /* above U+10FFFF */
        } else {
            return false;
        }
        if (len - i <= extra || bytes[i + 1] < lo || bytes[i + 1] > hi)
            return false;
        for (uint32_t k = 2; k <= extra; k++)
            if ((bytes[i + k] & 0xC0) != 0x80)
                return false;
        i += extra + 1;
    }
    return true;
}

/* A5 */
static void check_string_object(Verifier *v, const IrData *d)
{
    const Artifact *a = v->a;
    const IrReloc *r = d->relocs.count == 1 ? &d->relocs.items[0] : NULL;
    if (d->size != ABI_STR_BYTES || d->align < ABI_WORD || !r || r->offset != ABI_STR_PTR || r->is_function ||
        r->target >= a->data.count || a->data.items[r->target].kind != IR_DATA_STRING) {
        entity_error(v, d->symbol, "a string object is %d bytes, aligned to %d, with one relocation at +%d to string data",
                     ABI_STR_BYTES, ABI_WORD, ABI_STR_PTR);
        return;
    }
    const IrData *bytes = &a->data.items[r->target];
    uint64_t len;
    memcpy(&len, d->bytes + ABI_STR_LEN, sizeof len);
    if (len != bytes->size)
        entity_error(v, d->symbol, "string object length %" PRIu64 " differs from its bytes' size %" PRIu32, len,
                     bytes->size);
    else if (!utf8_valid(bytes->bytes, bytes->size))
        entity_error(v, d->symbol, "string object over invalid UTF-8");
}

static void check_artifact(Verifier *v)
{
    const Artifact *a = v->a;
    for (uint32_t i = 0; i < a->runtime_imports.count; i++)
        if (a->runtime_imports.items[i].fn >= IR_RT__COUNT)
            entity_error(v, "runtime imports", "import %" PRIu32 " names unknown runtime function %d", i,
                         (int)a->runtime_imports.items[i].fn);
    for (uint32_t i = 0; i < a->data.count; i++) {
        const IrData *d = &a->data.items[i];
        for (uint32_t k = 0; k < d->relocs.count; k++) {
            const IrReloc *r = &d->relocs.items[k];
            if ((uint64_t)r->offset + 8 > d->size)
                entity_error(v, d->symbol, "relocation at +%" PRIu32 " overruns the data (size %" PRIu32 ")",
                             r->offset, d->size);
            if (k > 0 && r->offset < d->relocs.items[k - 1].offset + 8)
                entity_error(v, d->symbol, "relocation at +%" PRIu32 " overlaps or precedes the one at +%" PRIu32,
                             r->offset, d->relocs.items[k - 1].offset);
            if (r->target >= (r->is_function ? a->funcs.count : a->data.count))
                entity_error(v, d->symbol, "relocation at +%" PRIu32 " names %s index %" PRIu32 ", out of range",
                             r->offset, r->is_function ? "function" : "data", r->target);
        }
        if (d->kind == IR_DATA_STRING_OBJECT)
            check_string_object(v, d);
    }
    for (uint32_t i = 0; i < a->entries.count; i++) {
        const IrEntry *e = &a->entries.items[i];
        if (e->is_generic)
            continue;
        if (e->func >= a->funcs.count)
            entity_error(v, e->source_name, "entry function index %" PRIu32 " is out of range", e->func);
        else if (e->param_count != a->funcs.items[e->func]->param_count)
            entity_error(v, e->source_name, "entry has %" PRIu32 " parameters, function has %" PRIu32,
                         e->param_count, a->funcs.items[e->func]->param_count);
    }
    check_symbols(v);
}

bool ir_verify(const Artifact *a, DiagList *out)
{
    Verifier v = {.a = a, .out = out, .scratch = arena_new(), .ok = true};
    for (uint32_t i = 0; i < a->funcs.count; i++) {
        ArenaMark mark = arena_mark(v.scratch);
        verify_func(&v, a->funcs.items[i]);
        arena_release(v.scratch, mark);
    }
    check_artifact(&v);
    arena_free(v.scratch);
    return v.ok;
}
