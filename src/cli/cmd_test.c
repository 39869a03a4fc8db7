/* cli/cmd_test.c: `beskid test` (backends.md §6.5). The front half and the
 * JIT run once for every test; each selected test then runs in a process of
 * its own (cli/test_runner.c). Results are printed in discovery (source)
 * order, whatever order the tests finish in: as text lines, as one JSON
 * document (`--json`, stdout stays pure JSON: §0a item 9), or as one JSON
 * event per line (`--format json-lines`). Choices: docs/decisions.md,
 * "beskid test (issue 13)". */
#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/jit/jit.h"
#include "cli/cache_dir.h"
#include "cli/commands.h"
#include "cli/compile.h"
#include "cli/resolve_input.h"
#include "cli/test_runner.h"

typedef enum TestFormat { FORMAT_HUMAN, FORMAT_JSON, FORMAT_JSON_LINES } TestFormat;

typedef struct Report {
    TestFormat format;
    Arena *arena;
    unsigned counts[TEST_FILTERED + 1];
    cJSON *tests; /* FORMAT_JSON: the `tests` array */
} Report;

static const char *outcome_name(TestOutcome outcome)
{
    switch (outcome) {
    case TEST_PASSED: return "passed";
    case TEST_FAILED: return "failed";
    case TEST_SKIPPED: return "skipped";
    case TEST_FILTERED: return "filtered_out";
    case TEST_PENDING: break;
    }
    return "pending";
}

/* A failing test's own output, after its FAIL line: one fenced section per
 * non-empty stream, as cargo shows it. */
static void print_section(const char *qualified, const char *stream, const char *text, size_t len)
{
    if (!len)
        return;
    printf("---- %s %s ----\n", qualified, stream);
    fwrite(text, 1, len, stdout);
    if (text[len - 1] != '\n')
        fputc('\n', stdout);
}

/* The JSON object of one test (§6.5 step 5). `output` is what `beskid run
 * --entrypoint TEST` would print on stdout, without its last newline: the
 * test's own fd-1 output, then `ok` when it passed. `stderr` holds what it
 * wrote to fd 2, when anything. */
static cJSON *test_json(Arena *arena, const TestCase *t, const char *event)
{
    cJSON *object = cJSON_CreateObject();
    if (event) /* json-lines: what the line is */
        cJSON_AddStringToObject(object, "event", event);
    cJSON_AddStringToObject(object, "name", t->name);
    cJSON_AddStringToObject(object, "qualified_name", t->qualified_name);
    cJSON_AddStringToObject(object, "outcome", outcome_name(t->outcome));
    if (t->reason)
        cJSON_AddStringToObject(object, "reason", t->reason);
    if (t->outcome == TEST_PASSED || t->outcome == TEST_FAILED) {
        size_t len = t->out_len;
        const char *suffix = t->outcome == TEST_PASSED ? "ok" : "";
        if (len || suffix[0]) {
            size_t total = len + strlen(suffix);
            char *buffer = arena_alloc(arena, total + 1, 1);
            memcpy(buffer, t->out, len);
            memcpy(buffer + len, suffix, strlen(suffix) + 1);
            if (!suffix[0] && total && buffer[total - 1] == '\n')
                buffer[total - 1] = '\0';
            cJSON_AddStringToObject(object, "output", buffer);
        }
        if (t->err_len)
            cJSON_AddStringToObject(object, "stderr", t->err);
    }
    return object;
}

static void on_done(void *context, const TestCase *t)
{
    Report *report = context;
    report->counts[t->outcome]++;
    switch (report->format) {
    case FORMAT_HUMAN:
        switch (t->outcome) {
        case TEST_PASSED: printf("PASS %s\n", t->qualified_name); break;
        case TEST_FAILED:
            printf("FAIL %s: %s\n", t->qualified_name, t->reason);
            print_section(t->qualified_name, "stdout", t->out, t->out_len);
            print_section(t->qualified_name, "stderr", t->err, t->err_len);
            break;
        case TEST_SKIPPED: printf("SKIP %s: %s\n", t->qualified_name, t->reason); break;
        case TEST_FILTERED: printf("FILT %s\n", t->qualified_name); break;
        case TEST_PENDING: break;
        }
        break;
    case FORMAT_JSON: cJSON_AddItemToArray(report->tests, test_json(report->arena, t, NULL)); return;
    case FORMAT_JSON_LINES: {
        cJSON *event = test_json(report->arena, t, "test");
        char *text = cJSON_PrintUnformatted(event);
        puts(text);
        cJSON_free(text);
        cJSON_Delete(event);
        break;
    }
    }
    fflush(stdout); /* each result as soon as it is known */
}

static cJSON *summary_json(const Report *report, const char *event)
{
    cJSON *summary = cJSON_CreateObject();
    if (event)
        cJSON_AddStringToObject(summary, "event", event);
    cJSON_AddNumberToObject(summary, "passed", report->counts[TEST_PASSED]);
    cJSON_AddNumberToObject(summary, "failed", report->counts[TEST_FAILED]);
    cJSON_AddNumberToObject(summary, "skipped", report->counts[TEST_SKIPPED]);
    cJSON_AddNumberToObject(summary, "filtered_out", report->counts[TEST_FILTERED]);
    return summary;
}

/* One value, pretty-printed as §6.5 asks (two-space indent), in the layout
 * of `python3 -m json.tool --indent 2`: each member and element on a line of
 * its own. cJSON escapes the strings and writes the numbers. */
static void print_pretty(const cJSON *value, unsigned depth)
{
    if (!cJSON_IsObject(value) && !cJSON_IsArray(value)) {
        char *text = cJSON_PrintUnformatted(value);
        fputs(text, stdout);
        cJSON_free(text);
        return;
    }
    bool object = cJSON_IsObject(value);
    if (!value->child) {
        fputs(object ? "{}" : "[]", stdout);
        return;
    }
    fputc(object ? '{' : '[', stdout);
    for (const cJSON *item = value->child; item; item = item->next) {
        printf("\n%*s", (int)(depth + 1) * 2, "");
        if (object) {
            cJSON *key = cJSON_CreateString(item->string);
            print_pretty(key, depth + 1);
            cJSON_Delete(key);
            fputs(": ", stdout);
        }
        print_pretty(item, depth + 1);
        if (item->next)
            fputc(',', stdout);
    }
    printf("\n%*s%c", (int)depth * 2, "", object ? '}' : ']');
}

static void print_summary(Report *report)
{
    switch (report->format) {
    case FORMAT_HUMAN:
        printf("Result: passed=%u, failed=%u, skipped=%u, filtered_out=%u\n", report->counts[TEST_PASSED],
               report->counts[TEST_FAILED], report->counts[TEST_SKIPPED], report->counts[TEST_FILTERED]);
        break;
    case FORMAT_JSON: {
        cJSON *document = cJSON_CreateObject();
        cJSON_AddItemToObject(document, "summary", summary_json(report, NULL));
        cJSON_AddItemToObject(document, "tests", report->tests);
        report->tests = NULL;
        print_pretty(document, 0);
        fputc('\n', stdout);
        cJSON_Delete(document);
        break;
    }
    case FORMAT_JSON_LINES: {
        cJSON *event = summary_json(report, "summary");
        char *text = cJSON_PrintUnformatted(event);
        puts(text);
        cJSON_free(text);
        cJSON_Delete(event);
        break;
    }
    }
    fflush(stdout);
}

static bool has_tag(const IrEntry *e, const char *tag)
{
    for (uint32_t i = 0; i < e->tag_count; i++)
        if (strcmp(e->tags[i], tag) == 0)
            return true;
    return false;
}

/* §6.5 step 3, plus --filter: false when the options leave the test out. */
static bool selected(const CliArgs *args, const IrEntry *e, const char *qualified)
{
    const CliList *include = &args->values[CLI_FLAG_INCLUDE_TAG];
    const CliList *exclude = &args->values[CLI_FLAG_EXCLUDE_TAG];
    const CliList *filters = &args->values[CLI_FLAG_FILTER];
    if (include->count) {
        bool any = false;
        for (uint32_t i = 0; i < include->count && !any; i++)
            any = has_tag(e, include->items[i]);
        if (!any)
            return false;
    }
    for (uint32_t i = 0; i < exclude->count; i++)
        if (has_tag(e, exclude->items[i]))
            return false;
    const char *group = cli_value(args, CLI_FLAG_GROUP, NULL);
    if (group && (!e->group || strncmp(e->group, group, strlen(group)) != 0))
        return false;
    if (filters->count) {
        bool any = false;
        for (uint32_t i = 0; i < filters->count && !any; i++)
            any = strstr(qualified, filters->items[i]) != NULL;
        if (!any)
            return false;
    }
    return true;
}

/* A count flag's value (digits only, by the table), saturated. */
static unsigned count_value(const CliArgs *args, CliFlagId id, unsigned fallback)
{
    const char *text = cli_value(args, id, NULL);
    if (!text)
        return fallback;
    unsigned long value = strtoul(text, NULL, 10);
    return value > 1000000 ? 1000000 : (unsigned)value;
}

/* The output format from --json and --format; -1 after reporting a conflict. */
static int output_format(const CliArgs *args)
{
    const char *format = cli_value(args, CLI_FLAG_TEST_FORMAT, NULL);
    if (cli_has(args, CLI_FLAG_JSON)) {
        if (format && strcmp(format, "json") != 0) {
            fprintf(stderr, "error: `--json` cannot be combined with `--format %s`\n", format);
            return -1;
        }
        return FORMAT_JSON;
    }
    if (!format || strcmp(format, "human") == 0)
        return FORMAT_HUMAN;
    return strcmp(format, "json") == 0 ? FORMAT_JSON : FORMAT_JSON_LINES;
}

/* Compiles the artifact once and looks up every test that will run. */
static bool compile_tests(const CliArgs *args, Compilation *c, TestCase *cases, uint32_t count, JitTests *jit)
{
    DiagList jit_diags;
    diag_list_init(&jit_diags, c->arena);
    char source_id[PATH_MAX];
    JitCache cache = {
        .dir = cli_has(args, CLI_FLAG_NO_CACHE) ? NULL : cli_cache_dir(c->arena),
        .tool_version = BESKID_VERSION,
        .source_id = realpath(c->path, source_id) ? source_id : c->path,
    };
    JitOptions options = {
        .opt_level = cli_value(args, CLI_FLAG_OPT_LEVEL, "2")[0] - '0', /* one of 0..3 (the table) */
        .sources = &c->sources,
        .cache = &cache,
    };
    bool ok = jit_tests_compile(c->artifact, &options, &jit_diags, jit);
    for (uint32_t i = 0; ok && i < count; i++)
        if (cases[i].outcome == TEST_PENDING)
            ok = (cases[i].address = jit_tests_address(jit, c->artifact, cases[i].entry, &jit_diags)) != 0;
    compilation_report_list(c, &jit_diags);
    return ok;
}

int cmd_test(const CliArgs *args)
{
    int format = output_format(args);
    if (format < 0)
        return 1;
    if (cli_has(args, CLI_FLAG_JOBS) && count_value(args, CLI_FLAG_JOBS, 1) == 0) {
        fputs("error: `--jobs` must be at least 1\n", stderr);
        return 1;
    }
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned jobs = count_value(args, CLI_FLAG_JOBS, cpus > 0 ? (unsigned)cpus : 1);
    unsigned timeout = count_value(args, CLI_FLAG_TIMEOUT, 60);

    Compilation c;
    ResolvedInput resolved;
    if (!cli_begin(&c, args, &resolved))
        return 1;
    bool ok = compilation_run_input(&c, &resolved.input, COMPILE_LOWER);
    compilation_report(&c);
    if (!ok) {
        compilation_free(&c);
        return 1;
    }

    /* Discovery: the artifact's test entries are in source order. */
    const Artifact *a = c.artifact;
    TestCase *cases = ARENA_ARRAY(c.arena, TestCase, a->entries.count ? a->entries.count : 1);
    uint32_t count = 0, pending = 0;
    for (uint32_t i = 0; i < a->entries.count; i++) {
        const IrEntry *e = &a->entries.items[i];
        if (e->kind != IR_FUNC_TEST || e->is_dependency) /* §0a item 3 */
            continue;
        TestCase *t = &cases[count++];
        *t = (TestCase){.name = e->source_name, .qualified_name = e->qualified_name, .entry = i, .out = "", .err = ""};
        if (!selected(args, e, t->qualified_name)) {
            t->outcome = TEST_FILTERED;
            t->reason = "filtered by CLI options";
        } else if (e->skip) {
            t->outcome = TEST_SKIPPED;
            t->reason = e->skip_reason ? e->skip_reason : "skip.condition is true";
        } else {
            pending++;
        }
    }

    if (cli_has(args, CLI_FLAG_LIST)) {
        for (uint32_t i = 0; i < count; i++)
            if (cases[i].outcome == TEST_PENDING)
                puts(cases[i].qualified_name);
        compilation_free(&c);
        return 0;
    }
    Report report = {.format = (TestFormat)format, .arena = c.arena};
    if (count == 0 && format == FORMAT_HUMAN) {
        puts("No tests found.");
        compilation_free(&c);
        return 0;
    }
    if (format == FORMAT_JSON)
        report.tests = cJSON_CreateArray();

    JitTests jit = {0};
    if (pending && !compile_tests(args, &c, cases, count, &jit)) {
        DiagList ignored;
        diag_list_init(&ignored, c.arena);
        jit_tests_free(&jit, &ignored);
        cJSON_Delete(report.tests);
        compilation_free(&c);
        return 1;
    }
    TestRunOptions options = {.jobs = jobs, .timeout_secs = timeout, .arena = c.arena, .done = on_done,
                              .context = &report};
    test_runner_run(cases, count, &options);
    print_summary(&report);
    DiagList jit_diags;
    diag_list_init(&jit_diags, c.arena);
    jit_tests_free(&jit, &jit_diags);
    compilation_report_list(&c, &jit_diags);
    unsigned failed = report.counts[TEST_FAILED];
    if (failed)
        fprintf(stderr, "error: %u test(s) failed\n", failed);
    compilation_free(&c);
    return failed ? 1 : 0;
}
