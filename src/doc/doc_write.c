/* doc/doc_write.c: api.json and index.md. */
#include "doc/doc_write.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/strbuf.h"

bool doc_write_file(const char *dir, const char *name, const char *data, size_t len, char *error, size_t error_size)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(data, 1, len, f) == len;
    int saved = errno;
    if (f && fclose(f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok)
        snprintf(error, error_size, "%s: %s", path, strerror(saved ? saved : EIO));
    free(path);
    return ok;
}

/* ---- api.json ------------------------------------------------------------- */

static cJSON *string_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *item_json(const DocSet *set, const DocItem *it)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", it->id);
    cJSON_AddStringToObject(o, "qualifiedName", it->qualified);
    cJSON_AddStringToObject(o, "name", it->name);
    cJSON_AddStringToObject(o, "kind", it->kind);
    cJSON_AddStringToObject(o, "visibility", it->is_public ? "public" : "private");
    cJSON *loc = cJSON_AddObjectToObject(o, "location");
    cJSON_AddStringToObject(loc, "file", it->file);
    cJSON_AddNumberToObject(loc, "startLine", it->start_line);
    cJSON_AddNumberToObject(loc, "startColumn", it->start_col);
    cJSON_AddNumberToObject(loc, "endLine", it->end_line);
    cJSON_AddNumberToObject(loc, "endColumn", it->end_col);
    cJSON_AddStringToObject(o, "doc_markdown", it->doc);
    cJSON *controls = cJSON_AddArrayToObject(o, "controls");
    for (uint32_t i = 0; i < it->control_count; i++)
        cJSON_AddItemToArray(controls, cJSON_CreateString(it->controls[i]));
    cJSON_AddStringToObject(o, "signature", it->signature);
    if (it->has_params) {
        cJSON *params = cJSON_AddArrayToObject(o, "parameters");
        for (uint32_t i = 0; i < it->param_count; i++) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "name", it->params[i].name);
            cJSON_AddStringToObject(p, "type", it->params[i].type);
            if (it->params[i].modifier)
                cJSON_AddStringToObject(p, "modifier", it->params[i].modifier);
            cJSON_AddItemToArray(params, p);
        }
    } else {
        cJSON_AddNullToObject(o, "parameters");
    }
    cJSON_AddItemToObject(o, "returnType", string_or_null(it->return_type));
    cJSON *generics = cJSON_AddArrayToObject(o, "genericParameters");
    for (uint32_t i = 0; i < it->generic_count; i++)
        cJSON_AddItemToArray(generics, cJSON_CreateString(it->generics[i]));
    cJSON_AddItemToObject(o, "parent", string_or_null(it->parent == DOC_NONE ? NULL : set->items[it->parent].id));
    cJSON *members = cJSON_AddArrayToObject(o, "members");
    for (uint32_t i = 0; i < it->member_count; i++)
        cJSON_AddItemToArray(members, cJSON_CreateString(set->items[it->members[i]].id));
    return o;
}

bool doc_write_json(const DocSet *set, const char *generator, const char *dir, char *error, size_t error_size)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "schemaVersion", 1);
    cJSON_AddStringToObject(root, "generator", generator);
    cJSON_AddStringToObject(root, "source", set->source);
    cJSON *items = cJSON_AddArrayToObject(root, "items");
    for (uint32_t i = 0; i < set->count; i++)
        cJSON_AddItemToArray(items, item_json(set, &set->items[i]));
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) {
        snprintf(error, error_size, "out of memory while writing api.json");
        return false;
    }
    size_t len = strlen(text);
    text = realloc(text, len + 2);
    text[len++] = '\n';
    bool ok = doc_write_file(dir, "api.json", text, len, error, error_size);
    free(text);
    return ok;
}

/* ---- index.md ------------------------------------------------------------- */

static void md_item(StrBuf *sb, const DocSet *set, const DocItem *it, int level)
{
    strbuf_printf(sb, "%.*s `%s` %s%s\n\n", level, "######", it->name, it->kind, it->is_public ? "" : " (private)");
    strbuf_printf(sb, "```beskid\n%s\n```\n\n", it->signature);
    if (*it->doc)
        strbuf_printf(sb, "%s\n\n", it->doc);
    if (strcmp(it->kind, "module") == 0)
        return;
    for (uint32_t m = 0; m < it->member_count; m++) {
        const DocItem *member = &set->items[it->members[m]];
        strbuf_printf(sb, "- %s `%s`", member->kind, member->signature);
        if (*member->doc) {
            /* the first line of its doc */
            const char *nl = strchr(member->doc, '\n');
            int n = nl ? (int)(nl - member->doc) : (int)strlen(member->doc);
            strbuf_printf(sb, ": %.*s", n, member->doc);
        }
        strbuf_putc(sb, '\n');
    }
    if (it->member_count)
        strbuf_putc(sb, '\n');
}

bool doc_write_markdown(const DocSet *set, const char *dir, char *error, size_t error_size)
{
    StrBuf sb = {0};
    strbuf_printf(&sb, "# API documentation: %s\n\n", set->source);
    uint32_t modules = 0, items = 0;
    for (uint32_t i = 0; i < set->count; i++)
        strcmp(set->items[i].kind, "module") == 0 ? modules++ : items++;
    strbuf_printf(&sb, "%u module(s), %u item(s). Generated by `beskid doc`.\n\n", modules, items);
    strbuf_puts(&sb, "## Modules\n\n");
    for (uint32_t i = 0; i < set->count; i++)
        if (strcmp(set->items[i].kind, "module") == 0)
            strbuf_printf(&sb, "- `%s`\n", *set->items[i].qualified ? set->items[i].qualified : "(root)");
    strbuf_putc(&sb, '\n');
    for (uint32_t i = 0; i < set->count; i++) {
        const DocItem *mod = &set->items[i];
        if (strcmp(mod->kind, "module") != 0)
            continue;
        strbuf_printf(&sb, "## Module `%s`\n\n", *mod->qualified ? mod->qualified : "(root)");
        if (*mod->doc)
            strbuf_printf(&sb, "%s\n\n", mod->doc);
        for (uint32_t m = 0; m < mod->member_count; m++) {
            const DocItem *it = &set->items[mod->members[m]];
            if (strcmp(it->kind, "module") == 0)
                strbuf_printf(&sb, "- submodule `%s`\n%s", it->qualified,
                              m + 1 == mod->member_count || strcmp(set->items[mod->members[m + 1]].kind, "module") ? "\n" : "");
            else
                md_item(&sb, set, it, 3);
        }
    }
    bool ok = doc_write_file(dir, "index.md", sb.data ? sb.data : "", sb.len, error, error_size);
    strbuf_free(&sb);
    return ok;
}
