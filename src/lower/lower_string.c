/* lower/lower_string.c: string literals, interpolated strings and `+` on
 * strings (language.md §1.5 [FIX], §5b item 1; backends.md §2.5).
 *
 * A literal is the address of a constant string object (IR_DATA_STRING_OBJECT):
 * no allocation and no check at run time.
 *
 * An interpolation and a chain of `+` (((a + b) + c) + …, interpolations
 * inside it included) are one join: the parts are evaluated left to right,
 * then their lengths are summed (a string's own length; a bound
 * ABI_TEXT_MAX_* for an integer, bool or char, whose text is written
 * straight into the result), the result is allocated once
 * (beskid_rt_str_alloc), each part is written by a beskid_rt_str_put_* that
 * returns its byte count, and the total is stored as the length. Adjacent
 * literals are joined at compile time (a join of literals only is a
 * constant, docs/decisions.md); f64 parts become strings first (their
 * text can be hundreds of bytes). */
#include <string.h>

#include "abi/abi_layout.h"
#include "lower/lower_internal.h"
#include "support/check.h"

typedef enum PartKind { PART_LITERAL, PART_STRING, PART_I64, PART_U64, PART_BOOL, PART_CHAR } PartKind;

typedef struct Part {
    PartKind kind;
    uint32_t value;    /* PART_LITERAL: no value */
    const char *bytes; /* PART_LITERAL */
    uint32_t len;
} Part;

typedef struct Join {
    VEC(Part) parts;
} Join;

uint32_t lower_string_const(Lowerer *lw, const char *bytes, uint32_t len)
{
    return irb_data_addr(&lw->b, ir_data_string_object(lw->artifact, bytes, len));
}

static void add_literal(Lowerer *lw, Join *j, const char *bytes, uint32_t len)
{
    if (len == 0)
        return;
    Part *last = j->parts.count ? &j->parts.items[j->parts.count - 1] : NULL;
    if (last && last->kind == PART_LITERAL) { /* "a" + "b" is "ab" */
        char *joined = arena_alloc(lw->arena, (size_t)last->len + len + 1, 1);
        memcpy(joined, last->bytes, last->len);
        memcpy(joined + last->len, bytes, len);
        joined[last->len + len] = '\0';
        last->bytes = joined;
        last->len += len;
        return;
    }
    Part p = {.kind = PART_LITERAL, .value = IR_NO_VALUE, .bytes = bytes, .len = len};
    VEC_PUSH(lw->arena, &j->parts, p);
}

/* Part of value 'v' of type 't' (as its parent sees it). */
static void add_value(Lowerer *lw, Join *j, uint32_t v, const Type *t)
{
    Part p = {.value = v};
    switch (t->kind) {
    case TYPE_NEVER: return; /* dead code after a diverging part */
    case TYPE_STRING: p.kind = PART_STRING; break;
    case TYPE_I64: p.kind = PART_I64; break;
    case TYPE_I32:
        p.kind = PART_I64;
        p.value = irb_unary(&lw->b, IR_OP_SEXT, IR_I64, v);
        break;
    case TYPE_U8:
        p.kind = PART_U64;
        p.value = irb_unary(&lw->b, IR_OP_ZEXT, IR_I64, v);
        break;
    case TYPE_BOOL: p.kind = PART_BOOL; break;
    case TYPE_CHAR: p.kind = PART_CHAR; break;
    case TYPE_F64:
        p.kind = PART_STRING;
        p.value = irb_call_rt(&lw->b, IR_RT_STR_FROM_F64, &v, 1);
        break;
    default: BSK_UNREACHABLE(); /* the checker reports other types (E1206) */
    }
    VEC_PUSH(lw->arena, &j->parts, p);
}

static bool is_string_add(const Lowerer *lw, const AstExpr *e)
{
    return e->kind == AST_EXPR_BINARY && e->binary.op == AST_BINARY_ADD &&
           lower_type(lw, e->binary.lhs)->kind == TYPE_STRING;
}

/* Evaluates 'e' (a part of a join) into 'j', flattening nested joins that
 * are used as they are (no implicit conversion). */
static void collect(Lowerer *lw, Join *j, const AstExpr *e);

/* The parts of the string `+` 'e'. A chain `a + b + …` leans left as deep as
 * it is long, so its left spine is walked in a loop, not by recursion. */
static void collect_add(Lowerer *lw, Join *j, const AstExpr *e)
{
    VEC(const AstExpr *) rights = {0};
    const AstExpr *at = e;
    do {
        VEC_PUSH(lw->arena, &rights, at->binary.rhs);
        at = at->binary.lhs;
    } while (lower_node(lw, at->id)->conversion == SEMA_CONV_NONE && is_string_add(lw, at));
    collect(lw, j, at);
    for (uint32_t i = rights.count; i-- > 0;)
        collect(lw, j, rights.items[i]);
}

/* Calls a join writes in place (an inlining of the functions that only
 * build text: Std's FromI64, a program's `"<" + "${n}" + ">"` helper): a
 * plain function, not generic, whose whole body is `return E;` with E made
 * only of string literals, `+` of strings, interpolations and the
 * function's own plain parameters, at most TEXT_CALL_NODES nodes. As a part
 * of a join such a call is its arguments, evaluated in order, then E's
 * parts with each parameter standing for its argument's value: the text the
 * function would return, and no string of its own. */
enum { TEXT_CALL_NODES = 16 };

/* The index of the parameter of 'f' that 'e' names, or -1. */
static int text_param(const AstFunction *f, const AstExpr *e)
{
    if (e->kind != AST_EXPR_PATH || e->path.path.count != 1 || e->path.path.segments[0].has_generic_args)
        return -1;
    for (uint32_t i = 0; i < f->param_count; i++)
        if (e->path.path.segments[0].name == f->params[i].name.name)
            return (int)i;
    return -1;
}

/* Whether 'e', in the body of 'fn', is made only of the parts above;
 * 'nodes' counts them against TEXT_CALL_NODES. */
static bool text_shape(const SemaFunction *fn, const AstExpr *e, uint32_t *nodes)
{
    if (++*nodes > TEXT_CALL_NODES || sema_node(fn->facts, e->id)->conversion != SEMA_CONV_NONE)
        return false;
    switch (e->kind) {
    case AST_EXPR_STRING: return true;
    case AST_EXPR_BINARY:
        return e->binary.op == AST_BINARY_ADD && sema_type(fn->facts, e->binary.lhs)->kind == TYPE_STRING &&
               text_shape(fn, e->binary.lhs, nodes) && text_shape(fn, e->binary.rhs, nodes);
    case AST_EXPR_INTERPOLATION:
        for (uint32_t i = 0; i < e->interpolation.count; i++)
            if (!text_shape(fn, e->interpolation.parts[i], nodes))
                return false;
        return true;
    case AST_EXPR_PATH: return text_param(fn->ast, e) >= 0;
    default: return false;
    }
}

/* The callee of 'e' when 'e' is a call of such a function, else NULL. */
static const SemaFunction *text_call(const Lowerer *lw, const AstExpr *e)
{
    if (e->kind != AST_EXPR_CALL)
        return NULL;
    const SemaBinding *b = &lower_node(lw, e->id)->binding;
    if (b->kind != SEMA_BIND_FUNCTION)
        return NULL;
    const SemaFunction *fn = b->function;
    if (fn->receiver || fn->lambda || !fn->ast || fn->is_generic || fn->origin || fn->test)
        return NULL;
    const AstFunction *f = fn->ast;
    if (f->param_count != e->call.arg_count || !f->body || f->body->count != 1)
        return NULL;
    for (uint32_t i = 0; i < f->param_count; i++)
        if (f->params[i].modifier != AST_PARAM_PLAIN)
            return NULL;
    const AstStmt *ret = f->body->stmts[0];
    if (ret->kind != AST_STMT_RETURN || !ret->return_.value)
        return NULL;
    uint32_t nodes = 0;
    return text_shape(fn, ret->return_.value, &nodes) ? fn : NULL;
}

/* The parts of 'e' (a text_shape expression of 'fn'), its parameters being
 * 'args'. */
static void collect_text_body(Lowerer *lw, Join *j, const SemaFunction *fn, const AstExpr *e, const uint32_t *args)
{
    switch (e->kind) {
    case AST_EXPR_STRING: add_literal(lw, j, e->string_lit.bytes, e->string_lit.len); return;
    case AST_EXPR_BINARY:
        collect_text_body(lw, j, fn, e->binary.lhs, args);
        collect_text_body(lw, j, fn, e->binary.rhs, args);
        return;
    case AST_EXPR_INTERPOLATION:
        for (uint32_t i = 0; i < e->interpolation.count; i++)
            collect_text_body(lw, j, fn, e->interpolation.parts[i], args);
        return;
    case AST_EXPR_PATH: add_value(lw, j, args[text_param(fn->ast, e)], sema_type(fn->facts, e)); return;
    default: BSK_UNREACHABLE(); /* text_shape admits nothing else */
    }
}

static void collect_text_call(Lowerer *lw, Join *j, const AstExpr *call, const SemaFunction *fn)
{
    uint32_t count = call->call.arg_count;
    uint32_t args[count ? count : 1];
    for (uint32_t i = 0; i < count; i++)
        args[i] = lower_expr(lw, call->call.args[i]); /* converted to the parameter's type */
    lw->b.loc = call->span;
    collect_text_body(lw, j, fn, fn->ast->body->stmts[0]->return_.value, args);
}

static void collect(Lowerer *lw, Join *j, const AstExpr *e)
{
    bool plain = lower_node(lw, e->id)->conversion == SEMA_CONV_NONE;
    const SemaFunction *text_fn = plain ? text_call(lw, e) : NULL;
    if (text_fn) {
        collect_text_call(lw, j, e, text_fn);
    } else if (plain && e->kind == AST_EXPR_STRING) {
        add_literal(lw, j, e->string_lit.bytes, e->string_lit.len);
    } else if (plain && is_string_add(lw, e)) {
        collect_add(lw, j, e);
    } else if (plain && e->kind == AST_EXPR_INTERPOLATION) {
        for (uint32_t i = 0; i < e->interpolation.count; i++)
            collect(lw, j, e->interpolation.parts[i]);
    } else {
        uint32_t v = lower_expr(lw, e);
        lw->b.loc = e->span;
        add_value(lw, j, v, lower_type(lw, e));
    }
}

static IrRuntimeFn put_of(PartKind kind)
{
    switch (kind) {
    case PART_LITERAL:
    case PART_STRING: return IR_RT_STR_PUT_STR;
    case PART_I64: return IR_RT_STR_PUT_I64;
    case PART_U64: return IR_RT_STR_PUT_U64;
    case PART_BOOL: return IR_RT_STR_PUT_BOOL;
    case PART_CHAR: return IR_RT_STR_PUT_CHAR;
    }
    BSK_UNREACHABLE();
}

static int64_t bound_of(PartKind kind)
{
    switch (kind) {
    case PART_I64:
    case PART_U64: return ABI_TEXT_MAX_INT;
    case PART_BOOL: return ABI_TEXT_MAX_BOOL;
    case PART_CHAR: return ABI_TEXT_MAX_CHAR;
    default: return 0;
    }
}

/* The string of the collected parts. A `+` makes a new string (language.md
 * §3.4.1) unless all its parts are literals (docs/decisions.md: a constant
 * expression is one constant object), so only an interpolation may return
 * its one string part itself. */
/* The bytes the parts of 'j' need: the strings' lengths, the literals',
 * and the bound of each number, bool and char written in place. */
static uint32_t parts_room(Lowerer *lw, const Join *j)
{
    IrBuilder *b = &lw->b;
    int64_t fixed = 0;
    uint32_t lens = IR_NO_VALUE;
    for (uint32_t i = 0; i < j->parts.count; i++) {
        const Part *p = &j->parts.items[i];
        fixed += p->kind == PART_LITERAL ? (int64_t)p->len : bound_of(p->kind);
        if (p->kind == PART_STRING) {
            uint32_t len = irb_load(b, IR_I64, p->value, ABI_STR_LEN);
            lens = lens == IR_NO_VALUE ? len : irb_binary(b, IR_OP_ADD, IR_I64, lens, len);
        }
    }
    uint32_t total = irb_iconst(b, IR_I64, fixed);
    if (lens != IR_NO_VALUE)
        total = fixed ? irb_binary(b, IR_OP_ADD, IR_I64, lens, total) : lens;
    return total;
}

/* Writes the parts of 'j' from base + offset on (IR_NO_VALUE: from base);
 * returns the offset after the last. */
static uint32_t write_parts(Lowerer *lw, const Join *j, uint32_t base, uint32_t offset)
{
    IrBuilder *b = &lw->b;
    for (uint32_t i = 0; i < j->parts.count; i++) {
        const Part *p = &j->parts.items[i];
        uint32_t at = offset == IR_NO_VALUE ? base : irb_binary(b, IR_OP_PTR_ADD, IR_PTR, base, offset);
        uint32_t value = p->kind == PART_LITERAL ? lower_string_const(lw, p->bytes, p->len) : p->value;
        uint32_t args[2] = {at, value};
        uint32_t n = irb_call_rt(b, put_of(p->kind), args, 2);
        if (p->kind == PART_LITERAL) /* known: keeps the offsets constant */
            n = irb_iconst(b, IR_I64, p->len);
        offset = offset == IR_NO_VALUE ? n : irb_binary(b, IR_OP_ADD, IR_I64, offset, n);
    }
    return offset;
}

static uint32_t emit_join(Lowerer *lw, const Join *j, bool is_add)
{
    IrBuilder *b = &lw->b;
    if (j->parts.count == 0)
        return lower_string_const(lw, "", 0);
    if (j->parts.count == 1 && j->parts.items[0].kind == PART_LITERAL)
        return lower_string_const(lw, j->parts.items[0].bytes, j->parts.items[0].len);
    if (j->parts.count == 1 && j->parts.items[0].kind == PART_STRING && !is_add)
        return j->parts.items[0].value; /* strings are immutable: no copy */

    uint32_t total = parts_room(lw, j);
    uint32_t s = irb_call_rt(b, IR_RT_STR_ALLOC, &total, 1);
    uint32_t offset = write_parts(lw, j, irb_load(b, IR_PTR, s, ABI_STR_PTR), IR_NO_VALUE);
    irb_store(b, s, ABI_STR_LEN, offset);
    return s;
}

uint32_t lower_string_join(Lowerer *lw, const AstExpr *e)
{
    Join j = {0};
    bool is_add = e->kind != AST_EXPR_INTERPOLATION;
    if (!is_add) {
        for (uint32_t i = 0; i < e->interpolation.count; i++)
            collect(lw, &j, e->interpolation.parts[i]);
    } else {
        BSK_ASSERT(is_string_add(lw, e));
        collect_add(lw, &j, e);
    }
    lw->b.loc = e->span;
    return emit_join(lw, &j, is_add);
}

uint32_t lower_string_append(Lowerer *lw, uint32_t current, const AstExpr *value, Span loc)
{
    Join j = {0};
    Part first = {.kind = PART_STRING, .value = current};
    VEC_PUSH(lw->arena, &j.parts, first);
    collect(lw, &j, value);
    lw->b.loc = loc;
    return emit_join(lw, &j, true);
}

uint32_t lower_string_join2(Lowerer *lw, uint32_t l, uint32_t r)
{
    Join j = {0};
    Part a = {.kind = PART_STRING, .value = l}, c = {.kind = PART_STRING, .value = r};
    VEC_PUSH(lw->arena, &j.parts, a);
    VEC_PUSH(lw->arena, &j.parts, c);
    return emit_join(lw, &j, true);
}

/* ---- Appendable locals (sema_string_appendable) ----
 * A string local whose value never gets a second reference may own a
 * growable buffer: `s = s + …` then writes the new parts after s's bytes
 * instead of copying s into a new string each time, as a C programmer's
 * buffer would. beskid_rt_str_reserve hands back s itself when s is its own
 * buffer with room (the i8 local of Lowerer.owned says it is), else a new buffer
 * (twice as large) holding s's bytes; the parts are written after them and
 * the length stored last. Nothing else can see the string grow: no other
 * variable, field, array or closure holds it, and bytes already there never
 * change (slices of s stay valid) until the local is given a literal
 * again, which reuses the buffer (so a slice of such a local is no copied
 * use, check_call.c). */

static uint32_t owned_flag(const Lowerer *lw, const SemaLocal *local)
{
    if (!lw->owned.map || local->owner != lw->fn)
        return LOWER_NO_LOCAL;
    return lw->owned.map[local->index];
}

void lower_string_owned_slots(Lowerer *lw, IrFunc *f, const SemaFunction *fn)
{
    uint32_t n = fn->locals.count ? fn->locals.count : 1;
    lw->owned = (LowerOwned){.map = ARENA_ARRAY(lw->arena, uint32_t, n), .locals = ARENA_ARRAY(lw->arena, uint32_t, n)};
    for (uint32_t i = 0; i < fn->locals.count; i++) {
        const SemaLocal *local = fn->locals.items[i];
        lw->owned.map[i] = LOWER_NO_LOCAL;
        /* a local nothing assigns (a parameter only read) never owns a buffer */
        if (!sema_string_appendable(local) || !local->is_assigned || lw->local_map[i] == LOWER_NO_LOCAL)
            continue;
        lw->owned.map[i] = ir_local_new(lw->artifact, f, arena_printf(lw->arena, "%s$owned", local->name), IR_I8);
        lw->owned.locals[lw->owned.count++] = i;
        /* false from the start: a declaration may reuse the buffer of the
         * variable's last life (lower_string_owned_literal) */
        irb_set(&lw->b, lw->owned.map[i], irb_iconst(&lw->b, IR_I8, 0));
    }
}

bool lower_string_owned_literal(Lowerer *lw, const SemaLocal *local, const AstExpr *value)
{
    uint32_t flag = owned_flag(lw, local);
    if (flag == LOWER_NO_LOCAL || value->kind != AST_EXPR_STRING ||
        lower_node(lw, value->id)->conversion != SEMA_CONV_NONE)
        return false;
    IrBuilder *b = &lw->b;
    uint32_t literal = lower_string_const(lw, value->string_lit.bytes, value->string_lit.len);
    /* The local's last value, read only when the flag says it is a buffer. */
    uint32_t args[3] = {irb_get(b, lw->local_map[local->index]), irb_get(b, flag), literal};
    uint32_t s = irb_call_rt(b, IR_RT_STR_RESET, args, 3);
    irb_set(b, lw->local_map[local->index], s);
    irb_set(b, flag, irb_cmp(b, IR_OP_ICMP, IR_COND_NE, s, literal));
    return true;
}


/* Each call sits behind a test of the local's flag: a local may own no
 * buffer at a given return (or never, and the flag is then the constant
 * false, which the optimiser folds away with the call). */
void lower_string_release_owned(Lowerer *lw)
{
    IrBuilder *b = &lw->b;
    for (uint32_t k = 0; k < lw->owned.count; k++) {
        uint32_t i = lw->owned.locals[k];
        uint32_t release = ir_block_new(lw->artifact, b->func), next = ir_block_new(lw->artifact, b->func);
        irb_br(b, irb_get(b, lw->owned.map[i]), release, next);
        b->block = release;
        uint32_t args[2] = {irb_get(b, lw->local_map[i]), irb_iconst(b, IR_I8, 1)};
        irb_call_rt(b, IR_RT_STR_RELEASE, args, 2);
        irb_jmp(b, next);
        b->block = next;
    }
}

void lower_string_disown(Lowerer *lw, const SemaLocal *local)
{
    uint32_t flag = owned_flag(lw, local);
    if (flag != LOWER_NO_LOCAL)
        irb_set(&lw->b, flag, irb_iconst(&lw->b, IR_I8, 0));
}

/* 'e' is a plain read of 'local'. */
static bool reads_local(const Lowerer *lw, const AstExpr *e, const SemaLocal *local)
{
    if (e->kind != AST_EXPR_PATH || e->path.path.count != 1)
        return false;
    const SemaNodeFacts *n = lower_node(lw, e->id);
    return n->conversion == SEMA_CONV_NONE && n->binding.kind == SEMA_BIND_LOCAL && n->binding.local == local;
}

/* The join 'value' starts with a plain read of 'target' (`s + …`, `"${s}…"`):
 * its other parts are 'rights' (a `+` chain, outermost first) or the
 * interpolation's parts from 'rest'. Looks only; emits nothing. */
typedef struct AppendSource {
    VEC(const AstExpr *) rights;
    const AstExpr *interpolation;
    uint32_t rest;
} AppendSource;

static bool append_source(Lowerer *lw, const AstExpr *value, const SemaLocal *target, AppendSource *out)
{
    if (lower_node(lw, value->id)->conversion != SEMA_CONV_NONE)
        return false;
    if (is_string_add(lw, value)) {
        const AstExpr *at = value;
        do {
            VEC_PUSH(lw->arena, &out->rights, at->binary.rhs);
            at = at->binary.lhs;
        } while (lower_node(lw, at->id)->conversion == SEMA_CONV_NONE && is_string_add(lw, at));
        return reads_local(lw, at, target);
    }
    if (value->kind != AST_EXPR_INTERPOLATION)
        return false;
    uint32_t first = 0;
    while (first < value->interpolation.count && value->interpolation.parts[first]->kind == AST_EXPR_STRING &&
           value->interpolation.parts[first]->string_lit.len == 0)
        first++;
    if (first == value->interpolation.count || !reads_local(lw, value->interpolation.parts[first], target))
        return false;
    out->interpolation = value;
    out->rest = first + 1;
    return true;
}

uint32_t lower_string_owned_append(Lowerer *lw, const AstExpr *e, const SemaLocal *target)
{
    uint32_t flag = owned_flag(lw, target);
    if (flag == LOWER_NO_LOCAL || (e->assign.op != AST_ASSIGN && e->assign.op != AST_ASSIGN_ADD))
        return IR_NO_VALUE;
    IrBuilder *b = &lw->b;
    AppendSource source = {0};
    if (e->assign.op == AST_ASSIGN && !append_source(lw, e->assign.value, target, &source))
        return IR_NO_VALUE;
    Join j = {0};
    lw->b.loc = e->span;
    uint32_t current = lower_local_get(lw, target); /* the leading read, evaluated first */
    if (e->assign.op == AST_ASSIGN_ADD) {
        collect(lw, &j, e->assign.value);
    } else if (source.interpolation) {
        for (uint32_t i = source.rest; i < source.interpolation->interpolation.count; i++)
            collect(lw, &j, source.interpolation->interpolation.parts[i]);
    } else {
        for (uint32_t i = source.rights.count; i-- > 0;)
            collect(lw, &j, source.rights.items[i]);
    }
    lw->b.loc = e->span;
    uint32_t room = parts_room(lw, &j);
    uint32_t args[3] = {current, irb_get(b, flag), room};
    uint32_t s = irb_call_rt(b, IR_RT_STR_RESERVE, args, 3);
    uint32_t base = irb_load(b, IR_PTR, s, ABI_STR_PTR);
    uint32_t offset = write_parts(lw, &j, base, irb_load(b, IR_I64, s, ABI_STR_LEN));
    irb_store(b, s, ABI_STR_LEN, offset);
    lower_local_set(lw, target, s);
    irb_set(b, flag, irb_iconst(b, IR_I8, 1));
    return s;
}
