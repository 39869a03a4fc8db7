/* sema/items.h: the checked struct and enum definitions (language.md §3.6.2-
 * §3.6.4): fields, variants and impl methods of each `type`/`enum` item. One
 * SemaTypeDef per item owns the item's unique Type, so lowering can find the
 * layout of any struct or enum type. Shared by sema/ and lower/. */
#ifndef BESKID_SEMA_ITEMS_H
#define BESKID_SEMA_ITEMS_H
#include "sema/sema_internal.h"

typedef struct SemaField {
    Symbol name;
    Type *type;
    Span span;
} SemaField;

typedef struct SemaVariant {
    Symbol name;
    Span span;
    SemaField *fields;
    uint32_t field_count;
} SemaVariant;

typedef struct SemaTypeDef {
    const AstItem *item;
    Type *type;   /* TYPE_STRUCT or TYPE_ENUM */
    bool is_enum;
    bool is_generic; /* unsupported: no members, every use is E2002 */
    SemaField *fields; /* struct */
    uint32_t field_count;
    SemaVariant *variants; /* enum */
    uint32_t variant_count;
    VEC(SemaFunction *) methods;
    uint32_t index; /* in SemaProgram.typedefs */
} SemaTypeDef;

/* The definition of a struct or enum type, or NULL for other types. */
SemaTypeDef *sema_typedef_of(const SemaProgram *program, const Type *type);
/* Index of the field 'name' of struct 'def', or -1. */
int sema_field_index(const SemaTypeDef *def, Symbol name);
/* Index of the variant 'name' of enum 'def', or -1. */
int sema_variant_index(const SemaTypeDef *def, Symbol name);
SemaFunction *sema_method(const SemaTypeDef *def, Symbol name);
#endif
