/* lower/layout.h: heap layouts of structs and enums (backends.md §2.4) and
 * the type descriptors (§5.5) of every object lowering allocates: every word that may hold a reference in any
 * variant is listed in the descriptor's pointer offsets. Field accesses go
 * through layout_load/layout_store. No write barrier is emitted: the
 * collector needs none (runtime/rt_roots.c), so its ABI entry is never called
 * from generated code (docs/decisions.md). */
#ifndef BESKID_LOWER_LAYOUT_H
#define BESKID_LOWER_LAYOUT_H
#include "abi/abi_layout.h"
#include "lower/lower_internal.h"
#include "sema/program.h"

typedef struct Layout {
    uint32_t size;
    uint32_t align;
    uint32_t desc;           /* data index of the type descriptor */
    uint32_t ptr_count;      /* pointer slots listed in the descriptor */
    uint32_t *field_offsets; /* struct: per field */
    uint32_t **variant_offsets; /* enum: per variant, per payload field */
    uint32_t *variant_sizes;    /* enum: bytes an object of that variant needs (<= size) */
    uint32_t *variant_descs;    /* enum: data index of each variant's descriptor (its objects' header) */
    uint32_t *variant_ptr_counts; /* enum: pointer slots of each variant */
    /* enum with the null-pointer representation (layout.c): -1, or the
     * payload-less variant, which is the null pointer; the other variant's
     * value is its one payload, a reference that is never null. */
    int32_t null_variant;
    /* enum with object representation: per variant, the data index of its
     * one read-only object if it has no payload and the program never
     * observes the enum's identity (created on first construction), else
     * UINT32_MAX. */
    uint32_t *constant_objects;
} Layout;

typedef enum LayoutOwner {
    LAYOUT_OWNER_TYPE,    /* a struct or enum: 'name' is the type's name */
    LAYOUT_OWNER_CLOSURE, /* closure objects: 'name' is their code's symbol */
    LAYOUT_OWNER_CELL,    /* heap cells: 'name' is "ptr" or "scalar" */
    LAYOUT_OWNER_INSTANCE, /* an instance of a generic struct or enum: 'name' is its mangled type */
} LayoutOwner;

/* Emits the type descriptor of objects of 'size' bytes whose words at the
 * 'count' byte 'offsets' may hold references; returns its data index. The
 * symbol (scheme in layout.c) is derived from 'owner' and 'name'. */
uint32_t layout_descriptor(Lowerer *lw, LayoutOwner owner, const char *name, uint64_t size, uint64_t align,
                           const uint64_t *offsets, uint32_t count);
/* Computes every struct/enum layout and emits its descriptor (all types, used or not). */
void layout_build(Lowerer *lw);
const Layout *layout_of(Lowerer *lw, const Type *type);
/* A new object of 'size' bytes with the descriptor 'desc' listing
 * 'ptr_count' pointer slots, its header written. The layout is known here,
 * so the allocator is chosen here (the policy of runtime/rt_alloc.c):
 * pointer-free -> beskid_rt_alloc_atomic, pointer-dense ->
 * beskid_rt_alloc_scanned, both without a lookup; mostly non-pointer words ->
 * `alloc`, which builds the collector's typed descriptor once per type. */
uint32_t layout_alloc_object(Lowerer *lw, uint64_t size, uint32_t desc, uint32_t ptr_count);
/* A new object of 'type'. */
uint32_t layout_alloc(Lowerer *lw, const Type *type);
/* alloc of an enum object of variant 'variant': only as many bytes as that
 * variant's payload needs (a payload-less variant is its header alone), which is
 * invisible to the program since only the matched variant's fields are read. */
uint32_t layout_alloc_variant(Lowerer *lw, const Type *type, uint32_t variant);
/* Enum values, in whichever representation the enum's layout has: a new
 * value of 'variant' with the payload 'values'; the test "'value' is of
 * 'variant'" (an i8 condition); payload field 'field' of 'value', which is
 * known to be of 'variant'. */
uint32_t layout_enum_new(Lowerer *lw, const Type *type, uint32_t variant, const uint32_t *values);
uint32_t layout_enum_is(Lowerer *lw, const Type *type, uint32_t value, uint32_t variant);
uint32_t layout_enum_field(Lowerer *lw, const Type *type, uint32_t value, uint32_t variant, uint32_t field);
/* A field of type 'ft' at 'offset' of 'obj'; unit fields have no storage. */
uint32_t layout_load(Lowerer *lw, uint32_t obj, uint32_t offset, const Type *ft);
void layout_store(Lowerer *lw, uint32_t obj, uint32_t offset, const Type *ft, uint32_t value);
#endif
