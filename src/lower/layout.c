/* lower/layout.c: struct and enum layouts (backends.md §2.4) and the one
 * emitter of type descriptors (abi/abi_layout.h, §5.5), for every object
 * lowering allocates. A descriptor's offsets pointer is a relocation to its
 * table of pointer-slot byte offsets; a word is a pointer slot if it may hold
 * a reference in any variant. Symbols (injective: every part is a length or a
 * letter, and `_Bdesc`/`_Boffs` cannot start a mangled name, `_B` digit):
 *   descriptor "_Bdesc" owner, offsets table "_Boffs" owner
 *   owner = seg            a struct or enum, by name      (_Bdesc4Pair)
 *         | "L" seg        closures whose code is seg     (_BdescL16_B4mainF_r3i32L0)
 *         | "C" seg        heap cells of a "ptr" / "scalar" value (_BdescC3ptr)
 *         | "I" seg        an instance of a generic type, by its mangled type
 *                          (lower/mangle.c: _BdescI11N3BoxG3i64E)
 *   seg   = decimal length, then the text */
#include "lower/layout.h"

#include "lower/mangle.h"

#include <inttypes.h>
#include <string.h>

#include "support/check.h"

static uint32_t align_up(uint32_t v, uint32_t a)
{
    return (v + a - 1) / a * a;
}

static void size_align(const Type *t, uint32_t *size, uint32_t *align)
{
    switch (lower_ir_type(t)) {
    case IR_VOID: *size = 0; *align = 1; return;
    case IR_I8: *size = 1; *align = 1; return;
    case IR_I32: *size = 4; *align = 4; return;
    default: *size = 8; *align = 8; return;
    }
}

typedef VEC(uint64_t) Offsets;

static void add_offset(Lowerer *lw, Offsets *ptrs, uint64_t offset)
{
    for (uint32_t i = 0; i < ptrs->count; i++)
        if (ptrs->items[i] == offset)
            return;
    VEC_PUSH(lw->arena, ptrs, offset);
}

static void add_pointer(Lowerer *lw, Offsets *ptrs, const Type *t, uint32_t offset)
{
    if (lower_ir_type(t) != IR_PTR)
        return;
    for (uint32_t i = 0; i < ptrs->count; i++)
        if (ptrs->items[i] == offset)
            return;
    VEC_PUSH(lw->arena, ptrs, offset);
}

/* Lays out 'count' fields from 'start'; returns the end offset, raises '*max_align'. */
static uint32_t place(Lowerer *lw, const SemaField *fields, uint32_t count, uint32_t start, uint32_t base,
                      uint32_t *out, uint32_t *max_align, Offsets *ptrs)
{
    uint32_t at = start;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t size, align;
        size_align(fields[i].type, &size, &align);
        at = align_up(at, align);
        out[i] = base + at;
        add_pointer(lw, ptrs, fields[i].type, base + at);
        at += size;
        if (align > *max_align)
            *max_align = align;
    }
    return at;
}

static void put_u64(uint8_t *bytes, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        bytes[i] = (uint8_t)(v >> (8 * i));
}

static void put_u32(uint8_t *bytes, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        bytes[i] = (uint8_t)(v >> (8 * i));
}

/* The descriptor "_Bdesc" suffix (offsets "_Boffs" suffix); 'variant' is
 * an enum variant's index, else 0. */
static uint32_t emit_descriptor(Lowerer *lw, const char *suffix, uint64_t size, uint64_t align,
                                const uint64_t *offsets, uint32_t count, uint32_t variant)
{
    Artifact *a = lw->artifact;
    uint8_t *desc = ARENA_ARRAY(lw->arena, uint8_t, ABI_DESC_BYTES);
    memset(desc, 0, ABI_DESC_BYTES);
    put_u64(desc + ABI_DESC_OBJ_SIZE, size);
    put_u64(desc + ABI_DESC_OBJ_ALIGN, align);
    put_u32(desc + ABI_DESC_PTR_COUNT, count);
    put_u32(desc + ABI_DESC_VARIANT, variant);
    uint32_t index = ir_data_new(a, arena_printf(lw->arena, "_Bdesc%s", suffix), IR_DATA_DESCRIPTOR, ABI_WORD, desc,
                                 ABI_DESC_BYTES);
    if (count) {
        uint8_t *table = ARENA_ARRAY(lw->arena, uint8_t, (size_t)count * ABI_WORD);
        for (uint32_t i = 0; i < count; i++)
            put_u64(table + ABI_WORD * i, offsets[i]);
        uint32_t offs = ir_data_new(a, arena_printf(lw->arena, "_Boffs%s", suffix), IR_DATA_OFFSETS, ABI_WORD, table,
                                    count * ABI_WORD);
        IrReloc reloc = {.offset = ABI_DESC_OFFSETS, .is_function = false, .target = offs};
        VEC_PUSH(a->arena, &a->data.items[index].relocs, reloc);
    }
    return index;
}

static const char *descriptor_suffix(Lowerer *lw, LayoutOwner owner, const char *name)
{
    static const char *const kinds[] = {[LAYOUT_OWNER_TYPE] = "", [LAYOUT_OWNER_CLOSURE] = "L",
                                        [LAYOUT_OWNER_CELL] = "C", [LAYOUT_OWNER_INSTANCE] = "I"};
    return arena_printf(lw->arena, "%s%zu%s", kinds[owner], strlen(name), name);
}

uint32_t layout_descriptor(Lowerer *lw, LayoutOwner owner, const char *name, uint64_t size, uint64_t align,
                           const uint64_t *offsets, uint32_t count)
{
    return emit_descriptor(lw, descriptor_suffix(lw, owner, name), size, align, offsets, count, 0);
}

/* A reference that is never null: an object, array, string, closure or
 * contract value (an enum may itself be null: see null_variant). */
static bool never_null(const Type *t)
{
    return t->kind == TYPE_STRUCT || t->kind == TYPE_ARRAY || t->kind == TYPE_STRING || t->kind == TYPE_FUNCTION ||
           t->kind == TYPE_CONTRACT;
}

/* `enum Link { Nil, To(Node n) }` needs no object of its own: `Nil` is the
 * null pointer and `To(n)` is `n` itself, as Rust represents Option<Box<T>>,
 * so a linked structure costs what it costs in C. Only for an enum of two
 * variants, one without payload and one with a single never-null reference,
 * whose identity the program never observes (SemaTypeDef.identity_observed:
 * `To(n) === To(n)` must stay false). Returns the null variant, or -1. */
static int32_t null_variant(const SemaTypeDef *def)
{
    if (!def->is_enum || def->variant_count != 2 || def->identity_observed)
        return -1;
    for (uint32_t v = 0; v < 2; v++) {
        const SemaVariant *other = &def->variants[1 - v];
        if (def->variants[v].field_count == 0 && other->field_count == 1 && never_null(other->fields[0].type))
            return (int32_t)v;
    }
    return -1;
}

static void build_one(Lowerer *lw, const SemaTypeDef *def, Layout *l)
{
    Offsets ptrs = {0};
    Offsets *variant_ptrs = NULL;
    uint32_t max_align = 1;
    if (!def->is_enum) {
        l->field_offsets = ARENA_ARRAY(lw->arena, uint32_t, def->field_count ? def->field_count : 1);
        uint32_t end =
            place(lw, def->fields, def->field_count, ABI_OBJ_HEADER_BYTES, 0, l->field_offsets, &max_align, &ptrs);
        l->align = max_align > ABI_WORD ? max_align : ABI_WORD;
        l->size = align_up(end, l->align);
    } else {
        /* The variant's fields right after the header (ABI_ENUM_PAYLOAD). */
        uint32_t n = def->variant_count ? def->variant_count : 1;
        uint32_t extent = 0;
        l->variant_offsets = ARENA_ARRAY(lw->arena, uint32_t *, n);
        l->variant_sizes = ARENA_ARRAY(lw->arena, uint32_t, n);
        l->variant_descs = ARENA_ARRAY(lw->arena, uint32_t, n);
        l->variant_ptr_counts = ARENA_ARRAY(lw->arena, uint32_t, n);
        variant_ptrs = ARENA_ARRAY(lw->arena, Offsets, n);
        for (uint32_t v = 0; v < def->variant_count; v++) {
            const SemaVariant *var = &def->variants[v];
            l->variant_offsets[v] = ARENA_ARRAY(lw->arena, uint32_t, var->field_count ? var->field_count : 1);
            variant_ptrs[v] = (Offsets){0};
            uint32_t end = place(lw, var->fields, var->field_count, 0, ABI_ENUM_PAYLOAD, l->variant_offsets[v],
                                 &max_align, &variant_ptrs[v]);
            for (uint32_t i = 0; i < variant_ptrs[v].count; i++)
                add_offset(lw, &ptrs, variant_ptrs[v].items[i]);
            l->variant_sizes[v] = end;
            if (end > extent)
                extent = end;
        }
        l->align = max_align > ABI_WORD ? max_align : ABI_WORD;
        l->size = align_up(ABI_ENUM_PAYLOAD + extent, l->align);
        for (uint32_t v = 0; v < def->variant_count; v++)
            l->variant_sizes[v] = align_up(ABI_ENUM_PAYLOAD + l->variant_sizes[v], l->align);
    }
    l->null_variant = null_variant(def);
    l->ptr_count = ptrs.count;
    const char *suffix = def->origin || (def->module && def->module->depth) /* by its mangled type: module types too */
                             ? descriptor_suffix(lw, LAYOUT_OWNER_INSTANCE, mangle_type(lw->arena, def->type))
                             : descriptor_suffix(lw, LAYOUT_OWNER_TYPE, def->type->name);
    l->desc = emit_descriptor(lw, suffix, l->size, l->align, ptrs.items, ptrs.count, 0);
    if (def->is_enum) {
        l->constant_objects = ARENA_ARRAY(lw->arena, uint32_t, def->variant_count ? def->variant_count : 1);
        for (uint32_t v = 0; v < def->variant_count; v++) {
            l->constant_objects[v] = UINT32_MAX;
            l->variant_ptr_counts[v] = variant_ptrs[v].count;
            /* "V" index "_" cannot begin another owner (a digit, L, C or I) */
            l->variant_descs[v] =
                l->null_variant >= 0
                    ? UINT32_MAX
                    : emit_descriptor(lw, arena_printf(lw->arena, "V%" PRIu32 "_%s", v, suffix), l->variant_sizes[v],
                                      l->align, variant_ptrs[v].items, variant_ptrs[v].count, v);
        }
    }
}

void layout_build(Lowerer *lw)
{
    const SemaProgram *p = lw->program;
    lw->layouts = ARENA_ARRAY(lw->arena, Layout, p->typedefs.count ? p->typedefs.count : 1);
    for (uint32_t i = 0; i < p->typedefs.count; i++)
        if (!p->typedefs.items[i]->is_generic)
            build_one(lw, p->typedefs.items[i], &lw->layouts[i]);
}

const Layout *layout_of(Lowerer *lw, const Type *type)
{
    const SemaTypeDef *def = sema_typedef_of(type);
    BSK_ASSERT(def && !def->is_generic);
    return &lw->layouts[def->index];
}

/* The allocator for objects of a descriptor of 'desc_size' bytes with
 * 'ptr_count' pointer slots, as in runtime/rt_alloc.c. Scanned: small
 * (ABI_SCAN_SMALL_BYTES), or pointer-dense (the words a conservative scan
 * looks at needlessly, all but the header and the pointer slots, are no more
 * than the pointer slots). */
static IrRuntimeFn alloc_fn(uint64_t desc_size, uint32_t ptr_count)
{
    if (ptr_count == 0)
        return IR_RT_ALLOC_ATOMIC;
    if (desc_size <= ABI_SCAN_SMALL_BYTES)
        return IR_RT_ALLOC_SCANNED;
    uint64_t words = (desc_size + ABI_WORD - 1) / ABI_WORD;
    if (words <= 1 + 2 * (uint64_t)ptr_count)
        return IR_RT_ALLOC_SCANNED;
    return IR_RT_ALLOC;
}

/* The runtime writes the descriptor into word 0 itself; storing it here as
 * well tells the optimiser what the block holds, since codegen declares the
 * allocation functions as returning zeroed memory (an allocation nothing
 * reads is then removed, and loads from a fresh object fold). */
static uint32_t alloc_sized(Lowerer *lw, uint64_t size, uint64_t desc_size, uint32_t desc, uint32_t ptr_count)
{
    uint32_t desc_addr = irb_data_addr(&lw->b, desc);
    uint32_t args[2] = {irb_iconst(&lw->b, IR_I64, (int64_t)size), desc_addr};
    uint32_t obj = irb_call_rt(&lw->b, alloc_fn(desc_size, ptr_count), args, 2);
    irb_store(&lw->b, obj, ABI_OBJ_DESC, desc_addr);
    return obj;
}

uint32_t layout_alloc_object(Lowerer *lw, uint64_t size, uint32_t desc, uint32_t ptr_count)
{
    return alloc_sized(lw, size, size, desc, ptr_count);
}

uint32_t layout_alloc(Lowerer *lw, const Type *type)
{
    const Layout *l = layout_of(lw, type);
    return alloc_sized(lw, l->size, l->size, l->desc, l->ptr_count);
}

uint32_t layout_alloc_variant(Lowerer *lw, const Type *type, uint32_t variant)
{
    const Layout *l = layout_of(lw, type);
    return alloc_sized(lw, l->variant_sizes[variant], l->variant_sizes[variant], l->variant_descs[variant],
                       l->variant_ptr_counts[variant]);
}

/* A payload-less variant of an enum whose identity the program never
 * observes (SemaTypeDef.identity_observed) is one read-only object, its
 * header the variant's descriptor, emitted on first use ("_Bvar" variant "_"
 * + the enum descriptor's symbol after "_Bdesc"): constructing it allocates
 * nothing, as OCaml's constant constructors and Rust's `None`. Nothing
 * writes to an enum object after its construction. */
static bool is_constant_variant(const SemaTypeDef *def, uint32_t variant)
{
    return !def->identity_observed && def->variants[variant].field_count == 0;
}

/* The constant object's data index, or UINT32_MAX. */
static uint32_t constant_variant(Lowerer *lw, const Type *type, uint32_t variant)
{
    const SemaTypeDef *def = sema_typedef_of(type);
    const Layout *l = layout_of(lw, type);
    if (!is_constant_variant(def, variant))
        return UINT32_MAX;
    if (l->constant_objects[variant] != UINT32_MAX)
        return l->constant_objects[variant];
    Artifact *a = lw->artifact;
    const char *desc_symbol = a->data.items[l->desc].symbol;
    const char *symbol = arena_printf(lw->arena, "_Bvar%" PRIu32 "_%s", variant, desc_symbol + strlen("_Bdesc"));
    uint32_t size = l->variant_sizes[variant];
    uint8_t *bytes = ARENA_ARRAY(lw->arena, uint8_t, size);
    memset(bytes, 0, size);
    uint32_t obj = ir_data_new(a, symbol, IR_DATA_OTHER, l->align, bytes, size);
    IrReloc to_desc = {.offset = ABI_OBJ_DESC, .is_function = false, .target = l->variant_descs[variant]};
    VEC_PUSH(a->arena, &a->data.items[obj].relocs, to_desc);
    l->constant_objects[variant] = obj;
    return obj;
}

uint32_t layout_enum_new(Lowerer *lw, const Type *type, uint32_t variant, const uint32_t *values)
{
    const Layout *l = layout_of(lw, type);
    if (l->null_variant >= 0)
        return variant == (uint32_t)l->null_variant ? irb_iconst(&lw->b, IR_PTR, 0) : values[0];
    uint32_t constant = constant_variant(lw, type, variant);
    if (constant != UINT32_MAX)
        return irb_data_addr(&lw->b, constant);
    const SemaVariant *var = &sema_typedef_of(type)->variants[variant];
    uint32_t obj = layout_alloc_variant(lw, type, variant);
    for (uint32_t i = 0; i < var->field_count; i++)
        layout_store(lw, obj, l->variant_offsets[variant][i], var->fields[i].type, values[i]);
    return obj;
}

uint32_t layout_enum_is(Lowerer *lw, const Type *type, uint32_t value, uint32_t variant)
{
    const Layout *l = layout_of(lw, type);
    if (l->null_variant >= 0)
        return irb_cmp(&lw->b, IR_OP_ICMP, variant == (uint32_t)l->null_variant ? IR_COND_EQ : IR_COND_NE, value,
                       irb_iconst(&lw->b, IR_PTR, 0));
    /* A variant that is its one constant object is tested by address (no
     * load), and so is the other variant of a two-variant enum: the
     * optimiser then sees through a value that is either a fresh object or
     * the constant (an inlined `return Some(x)` / `return None()` matched by
     * the caller folds, the object is never allocated). */
    const SemaTypeDef *def = sema_typedef_of(type);
    if (is_constant_variant(def, variant))
        return irb_cmp(&lw->b, IR_OP_ICMP, IR_COND_EQ, value, irb_data_addr(&lw->b, constant_variant(lw, type, variant)));
    if (def->variant_count == 2 && is_constant_variant(def, 1 - variant))
        return irb_cmp(&lw->b, IR_OP_ICMP, IR_COND_NE, value,
                       irb_data_addr(&lw->b, constant_variant(lw, type, 1 - variant)));
    uint32_t header = irb_load(&lw->b, IR_PTR, value, ABI_OBJ_DESC);
    return irb_cmp(&lw->b, IR_OP_ICMP, IR_COND_EQ, header, irb_data_addr(&lw->b, l->variant_descs[variant]));
}

uint32_t layout_enum_field(Lowerer *lw, const Type *type, uint32_t value, uint32_t variant, uint32_t field)
{
    const Layout *l = layout_of(lw, type);
    if (l->null_variant >= 0)
        return value;
    return layout_load(lw, value, l->variant_offsets[variant][field],
                       sema_typedef_of(type)->variants[variant].fields[field].type);
}

uint32_t layout_load(Lowerer *lw, uint32_t obj, uint32_t offset, const Type *ft)
{
    IrType t = lower_ir_type(ft);
    return t == IR_VOID ? IR_NO_VALUE : irb_load(&lw->b, t, obj, offset);
}

void layout_store(Lowerer *lw, uint32_t obj, uint32_t offset, const Type *ft, uint32_t value)
{
    IrType t = lower_ir_type(ft);
    if (t == IR_VOID || value == IR_NO_VALUE)
        return;
    irb_store(&lw->b, obj, offset, value);
}
