/* cli/diag_output.c: diagnostics as text or as JSON lines. The JSON follows
 * the shape rustc's `--error-format=json` gives cargo and editors (level,
 * code, message, spans, children, rendered), plus the flat fields of
 * backends.md §8.1 (severity, label, help, file, line, column, end_line,
 * end_column). cJSON builds and escapes it (docs/decisions.md). */
#include "cli/diag_output.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool color_wanted(const char *choice, FILE *out)
{
    if (strcmp(choice, "always") == 0)
        return true;
    if (strcmp(choice, "never") == 0)
        return false;
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color)
        return false;
    return isatty(fileno(out));
}

DiagOutput diag_output_from_args(const CliArgs *args)
{
    DiagOutput output = {.out = stderr};
    if (!args)
        return output;
    output.json = strcmp(cli_value(args, CLI_FLAG_MESSAGE_FORMAT, "human"), "json") == 0;
    output.color = !output.json && color_wanted(cli_value(args, CLI_FLAG_COLOR, "auto"), output.out);
    return output;
}

static bool located(const SourceMap *map, Span span)
{
    return map && span.file != SPAN_NO_FILE && span.file < map->count;
}

static void add_position(cJSON *object, const SourceFile *file, uint32_t offset, const char *line_key,
                         const char *column_key)
{
    uint32_t line, col;
    source_line_col(file, offset <= file->len ? offset : file->len, &line, &col);
    cJSON_AddNumberToObject(object, line_key, line);
    cJSON_AddNumberToObject(object, column_key, col);
}

static cJSON *span_json(const SourceMap *map, Span span, bool primary, const char *label, const char *replacement)
{
    const SourceFile *file = source_file(map, span.file);
    uint32_t end = span.end < span.start ? span.start : span.end;
    cJSON *object = cJSON_CreateObject();
    cJSON_AddStringToObject(object, "file_name", file->path);
    cJSON_AddNumberToObject(object, "byte_start", span.start);
    cJSON_AddNumberToObject(object, "byte_end", end);
    add_position(object, file, span.start, "line_start", "column_start");
    add_position(object, file, end, "line_end", "column_end");
    cJSON_AddBoolToObject(object, "is_primary", primary);
    if (label)
        cJSON_AddStringToObject(object, "label", label);
    else
        cJSON_AddNullToObject(object, "label");
    if (replacement)
        cJSON_AddStringToObject(object, "suggested_replacement", replacement);
    else
        cJSON_AddNullToObject(object, "suggested_replacement");
    return object;
}

static cJSON *child_json(const SourceMap *map, const char *level, const char *message, Span span,
                         const char *replacement)
{
    cJSON *object = cJSON_CreateObject();
    cJSON_AddStringToObject(object, "message", message);
    cJSON_AddNullToObject(object, "code");
    cJSON_AddStringToObject(object, "level", level);
    cJSON *spans = cJSON_AddArrayToObject(object, "spans");
    if (located(map, span))
        cJSON_AddItemToArray(spans, span_json(map, span, true, NULL, replacement));
    cJSON_AddArrayToObject(object, "children");
    cJSON_AddNullToObject(object, "rendered");
    return object;
}

static void add_string_or_null(cJSON *object, const char *key, const char *value)
{
    if (value)
        cJSON_AddStringToObject(object, key, value);
    else
        cJSON_AddNullToObject(object, key);
}

/* Prints 'object' on one line and frees it. */
static void emit(FILE *out, cJSON *object)
{
    char *text = cJSON_PrintUnformatted(object);
    if (text) {
        fprintf(out, "%s\n", text);
        cJSON_free(text);
    }
    cJSON_Delete(object);
}

static char *render_text(const SourceMap *map, const Diag *diag)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return NULL;
    diag_render_styled(mem, map, diag, false);
    fclose(mem);
    return text;
}

static void emit_json(FILE *out, const SourceMap *map, const Diag *diag)
{
    const char *level = diag->severity == DIAG_SEVERITY_ERROR ? "error" : "warning";
    const char *code = diag_code(diag->id);
    cJSON *object = cJSON_CreateObject();
    cJSON_AddStringToObject(object, "$message_type", "diagnostic");
    cJSON_AddStringToObject(object, "message", diag->message);
    add_string_or_null(object, "code", *code ? code : NULL);
    cJSON_AddStringToObject(object, "level", level);
    cJSON *spans = cJSON_AddArrayToObject(object, "spans");
    bool has_span = located(map, diag->span);
    if (has_span) {
        cJSON_AddItemToArray(spans, span_json(map, diag->span, true, diag->label, NULL));
        for (uint32_t i = 0; i < diag->secondary.count; i++) {
            const DiagSpan *s = &diag->secondary.items[i];
            if (located(map, s->span))
                cJSON_AddItemToArray(spans, span_json(map, s->span, false, s->label, NULL));
        }
    }
    cJSON *children = cJSON_AddArrayToObject(object, "children");
    if (diag->help)
        cJSON_AddItemToArray(children, child_json(map, "help", diag->help, SPAN_NONE, NULL));
    for (uint32_t i = 0; i < diag->children.count; i++) {
        const DiagChild *child = &diag->children.items[i];
        cJSON_AddItemToArray(children, child_json(map, child->kind == DIAG_CHILD_NOTE ? "note" : "help",
                                                  child->message, child->span, child->replacement));
    }
    char *rendered = render_text(map, diag);
    add_string_or_null(object, "rendered", rendered);
    free(rendered);
    /* backends.md §8.1's flat fields */
    cJSON_AddStringToObject(object, "severity", level);
    add_string_or_null(object, "label", diag->label);
    add_string_or_null(object, "help", diag->help);
    if (has_span) {
        const SourceFile *file = source_file(map, diag->span.file);
        cJSON_AddStringToObject(object, "file", file->path);
        add_position(object, file, diag->span.start, "line", "column");
        add_position(object, file, diag->span.end < diag->span.start ? diag->span.start : diag->span.end,
                     "end_line", "end_column");
    }
    emit(out, object);
}

void diag_output_list(const DiagOutput *output, const SourceMap *map, const DiagList *list)
{
    for (uint32_t i = 0; i < list->items.count; i++) {
        if (output->json)
            emit_json(output->out, map, &list->items.items[i]);
        else
            diag_render_styled(output->out, map, &list->items.items[i], output->color);
    }
}

/* A closing line: text, or a span-less JSON diagnostic without a code. */
static void summary_line(const DiagOutput *output, bool error, const char *message)
{
    const char *level = error ? "error" : "warning";
    char *rendered = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&rendered, &len);
    if (!mem)
        return;
    fprintf(mem, "%s: %s\n", level, message);
    fclose(mem);
    if (!output->json) {
        diag_render_line(output->out, error ? DIAG_SEVERITY_ERROR : DIAG_SEVERITY_WARNING, message, output->color);
        free(rendered);
        return;
    }
    cJSON *object = cJSON_CreateObject();
    cJSON_AddStringToObject(object, "$message_type", "diagnostic");
    cJSON_AddStringToObject(object, "message", message);
    cJSON_AddNullToObject(object, "code");
    cJSON_AddStringToObject(object, "level", level);
    cJSON_AddArrayToObject(object, "spans");
    cJSON_AddArrayToObject(object, "children");
    cJSON_AddStringToObject(object, "rendered", rendered);
    cJSON_AddStringToObject(object, "severity", level);
    free(rendered);
    emit(output->out, object);
}

void diag_output_summary(const DiagOutput *output, const char *name, unsigned errors, unsigned warnings)
{
    char message[512];
    if (warnings) {
        snprintf(message, sizeof message, "%u warning%s emitted", warnings, warnings == 1 ? "" : "s");
        summary_line(output, false, message);
    }
    if (errors) {
        snprintf(message, sizeof message, "could not compile `%s` due to %u previous error%s", name, errors,
                 errors == 1 ? "" : "s");
        summary_line(output, true, message);
    }
}
