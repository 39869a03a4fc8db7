/* cli/compile.c: the shared front half of the pipeline. */
#include "cli/compile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "artifact/ir_parse.h"
#include "artifact/ir_verify.h"
#include "lower/lower.h"
#include "syntax/loader.h"
#include "syntax/parser.h"

void compilation_init(Compilation *c, const CliArgs *args)
{
    memset(c, 0, sizeof *c);
    c->output = diag_output_from_args(args);
    c->arena = arena_new();
    c->front = arena_new();
    c->lowered = arena_new();
    c->interner = intern_new(c->arena);
    source_map_init(&c->sources, c->arena);
    diag_list_init(&c->diags, c->arena);
}

void compilation_free(Compilation *c)
{
    arena_free(c->lowered);
    arena_free(c->front);
    arena_free(c->arena);
    memset(c, 0, sizeof *c);
}

void compilation_drop_front(Compilation *c)
{
    arena_free(c->front);
    c->front = NULL;
    c->ast = NULL;
    c->program = NULL;
    memset(&c->loaded, 0, sizeof c->loaded);
}

void compilation_drop_artifact(Compilation *c)
{
    arena_free(c->lowered);
    c->lowered = NULL;
    c->artifact = NULL;
}

/* The verifier runs after lowering in debug and sanitizer builds, with
 * --verify-ir, and whenever BESKID_VERIFY_IR=1 (the test suite sets it). */
static bool should_verify(const Compilation *c)
{
#if defined(BESKID_VERIFY_IR) && BESKID_VERIFY_IR
    (void)c;
    return true;
#else
    const char *env = getenv("BESKID_VERIFY_IR");
    return c->verify_ir || (env && strcmp(env, "1") == 0);
#endif
}

static bool is_ir_path(const char *path)
{
    size_t n = strlen(path);
    return n > 3 && strcmp(path + n - 3, ".ir") == 0;
}

/* An artifact in text form skips the front end: read, then always verify,
 * since hand-written IR is not trusted the way lowering's output is. */
static bool load_ir(Compilation *c, CompileStage stage)
{
    if (stage != COMPILE_LOWER) {
        diag_report(&c->diags, SPAN_NONE, DIAG_CLI_ERROR,
                    arena_printf(c->arena, "`%s` is an IR file; only `ir`, `run` and `build` accept one", c->path));
        return false;
    }
    c->artifact = ir_parse(c->arena, &c->sources, c->file, &c->diags);
    return c->artifact && ir_verify(c->artifact, &c->diags);
}

bool compilation_run(Compilation *c, const char *path, CompileStage stage)
{
    return compilation_run_input(c, &(CompileInput){.path = path}, stage);
}

bool compilation_run_input(Compilation *c, const CompileInput *input, CompileStage stage)
{
    const char *path = input->path;
    c->path = path;
    SourceLoadStatus status = SOURCE_OK;
    size_t overlay_len = 0;
    const char *overlay = c->load_options && c->load_options->read_overlay
                              ? c->load_options->read_overlay(c->load_options->ctx, path, &overlay_len)
                              : NULL;
    if (overlay)
        c->file = source_add(&c->sources, path, overlay, overlay_len);
    else if (input->text)
        c->file = source_add(&c->sources, path, input->text, input->text_len);
    else
        status = source_load(&c->sources, path, SOURCE_DEFAULT_LIMIT, &c->file);
    switch (status) {
    case SOURCE_OK: break;
    case SOURCE_UNREADABLE:
        diag_report(&c->diags, SPAN_NONE, DIAG_CLI_ERROR, arena_printf(c->arena, "Failed to read file: %s", path));
        return false;
    case SOURCE_TOO_LARGE:
        diag_report(&c->diags, SPAN_NONE, DIAG_E0001_INPUT_TOO_LARGE, path,
                    arena_printf(c->arena, "%zu", SOURCE_DEFAULT_LIMIT));
        return false;
    }
    if (is_ir_path(path))
        return load_ir(c, stage);
    LoadMount *mounts = ARENA_ARRAY(c->arena, LoadMount, input->mount_count ? input->mount_count : 1);
    for (uint32_t i = 0; i < input->mount_count; i++) {
        const CompileMount *m = &input->mounts[i];
        mounts[i] = (LoadMount){.name = m->name, .source_root = m->source_root, .entry = m->entry,
                                .is_dependency = m->is_dependency, .read_embedded = m->read_embedded};
    }
    LoadedProgram loaded = {0};
    bool loaded_ok = load_program_with(c->front, c->interner, &c->sources, c->file, input->source_root, mounts,
                                       input->mount_count, c->load_options, &c->diags, &loaded);
    c->ast = loaded.count ? loaded.files[0].ast : NULL;
    c->loaded = loaded;
    for (uint32_t f = 0; f < loaded.count; f++)
        c->std_compiled |= loaded.files[f].mount != LOAD_ROOT_PROJECT &&
                           strcmp(mounts[loaded.files[f].mount].name, "Std") == 0;
    if (c->load_options && c->load_options->recover) {
        /* an editor's: the program as far as it goes; after parse errors,
         * what checking says is not shown (the CLI would not check) */
        if (!c->ast || stage == COMPILE_PARSE)
            return loaded_ok;
        bool parsed = loaded_ok && !diag_has_errors(&c->diags);
        c->parse_failed = !parsed;
        DiagList dropped;
        diag_list_init(&dropped, c->arena);
        c->program = sema_check_program_partial(c->front, c->interner, &c->sources, &loaded,
                                                parsed ? &c->diags : &dropped);
        return parsed && !diag_has_errors(&c->diags);
    }
    if (!loaded_ok || !c->ast || diag_has_errors(&c->diags))
        return false;
    if (stage == COMPILE_PARSE)
        return true;
    c->program = sema_check_program(c->front, c->interner, &c->sources, &loaded, &c->diags);
    if (!c->program || diag_has_errors(&c->diags))
        return false;
    if (stage == COMPILE_CHECK)
        return true;
    c->artifact = lower_program(c->lowered, c->program, &c->diags);
    if (!c->artifact || diag_has_errors(&c->diags))
        return false;
    c->artifact->sources = &c->sources;
    if (should_verify(c) && !ir_verify(c->artifact, &c->diags))
        return false;
    return true;
}

void compilation_report(const Compilation *c)
{
    diag_output_list(&c->output, &c->sources, &c->diags);
    /* A lone one-line error (unreadable file) needs no summary. */
    bool located = false;
    for (uint32_t i = 0; i < c->diags.items.count; i++)
        located |= c->diags.items.items[i].span.file != SPAN_NO_FILE;
    if (located) {
        const char *name = strrchr(c->path, '/');
        name = name ? name + 1 : c->path;
        diag_output_summary(&c->output, name, c->diags.error_count, c->diags.warning_count);
    }
}

void compilation_report_list(const Compilation *c, const DiagList *list)
{
    diag_output_list(&c->output, &c->sources, list);
}
