/* sema/types.c: unique types. Primitives are preallocated singletons;
 * function and array types are interned in a hash index by their structure. */
#include "sema/types.h"

#include <string.h>

#include "support/check.h"
#include "support/hashindex.h"
#include "support/strbuf.h"

struct TypeTable {
    Arena *arena;
    Type primitives[TYPE_NEVER + 1];
    HashIndex composites; /* function and array types, by structure */
};

/* The structure a composite type is interned by. */
typedef struct Shape {
    TypeKind kind;
    const Type *ret, *element;
    Type *const *args;
    uint32_t count;
} Shape;

static uint64_t shape_hash(const Shape *s)
{
    uint64_t h = hash_index_mix(HASH_INDEX_SEED, (uint64_t)s->kind);
    h = hash_index_mix(h, (uint64_t)(uintptr_t)(s->kind == TYPE_ARRAY ? s->element : s->ret));
    for (uint32_t i = 0; i < s->count; i++)
        h = hash_index_mix(h, (uint64_t)(uintptr_t)s->args[i]);
    return h;
}

static bool shape_matches(const void *value, const void *key)
{
    const Type *t = value;
    const Shape *s = key;
    if (t->kind != s->kind)
        return false;
    if (t->kind == TYPE_ARRAY)
        return t->element == s->element;
    return t->ret == s->ret && t->arg_count == s->count &&
           (s->count == 0 || memcmp(t->args, s->args, sizeof(Type *) * s->count) == 0);
}

TypeTable *types_new(Arena *arena)
{
    TypeTable *t = ARENA_NEW(arena, TypeTable);
    t->arena = arena;
    for (int k = 0; k <= TYPE_NEVER; k++)
        t->primitives[k].kind = (TypeKind)k;
    return t;
}

Type *type_primitive(TypeTable *t, TypeKind kind)
{
    BSK_ASSERT(kind <= TYPE_NEVER);
    return &t->primitives[kind];
}

Type *type_from_ast_primitive(TypeTable *t, AstPrimitive prim)
{
    switch (prim) {
    case AST_PRIM_BOOL: return type_primitive(t, TYPE_BOOL);
    case AST_PRIM_I32: return type_primitive(t, TYPE_I32);
    case AST_PRIM_I64: return type_primitive(t, TYPE_I64);
    case AST_PRIM_U8: return type_primitive(t, TYPE_U8);
    case AST_PRIM_F64: return type_primitive(t, TYPE_F64);
    case AST_PRIM_CHAR: return type_primitive(t, TYPE_CHAR);
    case AST_PRIM_STRING: return type_primitive(t, TYPE_STRING);
    case AST_PRIM_UNIT: return type_primitive(t, TYPE_UNIT);
    }
    BSK_UNREACHABLE();
}

Type *type_function(TypeTable *t, Type *ret, Type **params, uint32_t count)
{
    Shape shape = {.kind = TYPE_FUNCTION, .ret = ret, .args = params, .count = count};
    uint64_t hash = shape_hash(&shape);
    Type *found = hash_index_find(&t->composites, hash, shape_matches, &shape);
    if (found)
        return found;
    Type *type = ARENA_NEW(t->arena, Type);
    type->kind = TYPE_FUNCTION;
    type->ret = ret;
    type->arg_count = count;
    type->args = ARENA_ARRAY(t->arena, Type *, count ? count : 1);
    for (uint32_t i = 0; i < count; i++)
        type->args[i] = params[i];
    type_measure(type);
    hash_index_add(&t->composites, t->arena, hash, type);
    return type;
}

Type *type_named(TypeTable *t, TypeKind kind, const AstItem *item)
{
    Type *type = ARENA_NEW(t->arena, Type);
    type->kind = kind;
    type->name = item->name.name;
    type->item = item;
    return type;
}

Type *type_param(TypeTable *t, Symbol name)
{
    Type *type = ARENA_NEW(t->arena, Type);
    type->kind = TYPE_GENERIC_PARAM;
    type->name = name;
    type->is_open = true;
    return type;
}

Type *type_array(TypeTable *t, Type *element)
{
    Shape shape = {.kind = TYPE_ARRAY, .element = element};
    uint64_t hash = shape_hash(&shape);
    Type *found = hash_index_find(&t->composites, hash, shape_matches, &shape);
    if (found)
        return found;
    Type *type = ARENA_NEW(t->arena, Type);
    type->kind = TYPE_ARRAY;
    type->element = element;
    if (element->kind == TYPE_ENUM && element->def) /* its slots start unfilled (SemaTypeDef) */
        element->def->identity_observed = true;
    type_measure(type);
    hash_index_add(&t->composites, t->arena, hash, type);
    return type;
}

bool type_is_numeric(const Type *type)
{
    return type->kind == TYPE_U8 || type->kind == TYPE_I32 || type->kind == TYPE_I64 || type->kind == TYPE_F64;
}

bool type_is_integer(const Type *type)
{
    return type->kind == TYPE_U8 || type->kind == TYPE_I32 || type->kind == TYPE_I64;
}

bool type_is_error(const Type *type)
{
    return type == NULL || type->kind == TYPE_ERROR;
}

static void append_name(StrBuf *sb, const Type *type)
{
    static const char *const names[] = {
        [TYPE_ERROR] = "{error}", [TYPE_BOOL] = "bool", [TYPE_U8] = "u8",       [TYPE_I32] = "i32",
        [TYPE_I64] = "i64",       [TYPE_F64] = "f64",   [TYPE_CHAR] = "char",   [TYPE_STRING] = "string",
        [TYPE_UNIT] = "unit",     [TYPE_NEVER] = "never",
    };
    switch (type->kind) {
    case TYPE_STRUCT:
    case TYPE_ENUM:
    case TYPE_CONTRACT:
    case TYPE_GENERIC_PARAM:
        strbuf_puts(sb, type->name);
        if (type->kind != TYPE_GENERIC_PARAM && type->arg_count) {
            strbuf_putc(sb, '<');
            for (uint32_t i = 0; i < type->arg_count; i++) {
                if (i)
                    strbuf_puts(sb, ", ");
                append_name(sb, type->args[i]);
            }
            strbuf_putc(sb, '>');
        }
        return;
    case TYPE_FUNCTION:
        append_name(sb, type->ret);
        strbuf_putc(sb, '(');
        for (uint32_t i = 0; i < type->arg_count; i++) {
            if (i)
                strbuf_puts(sb, ", ");
            append_name(sb, type->args[i]);
        }
        strbuf_putc(sb, ')');
        return;
    case TYPE_ARRAY:
        append_name(sb, type->element);
        strbuf_puts(sb, "[]");
        return;
    default:
        strbuf_puts(sb, names[type->kind]);
        return;
    }
}

const char *type_name(Arena *arena, const Type *type)
{
    StrBuf sb = {0};
    append_name(&sb, type);
    const char *out = arena_strdup(arena, strbuf_cstr(&sb));
    strbuf_free(&sb);
    return out;
}

static void measure_part(Type *type, const Type *part)
{
    uint32_t size = part->size ? part->size : 1;
    type->is_open |= part->is_open;
    if (part->depth + 1 > type->depth)
        type->depth = part->depth + 1;
    type->size = type->size > UINT32_MAX / 2 - size ? UINT32_MAX / 2 : type->size + size;
}

void type_measure(Type *type)
{
    type->size = 1;
    type->depth = 0;
    if (type->kind == TYPE_GENERIC_PARAM)
        return;
    if (type->element)
        measure_part(type, type->element);
    if (type->ret)
        measure_part(type, type->ret);
    for (uint32_t i = 0; i < type->arg_count; i++)
        measure_part(type, type->args[i]);
}
