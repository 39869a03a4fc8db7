/* tests/unit/test_test_runner.c: the process-per-test runner of `beskid
 * test` (cli/test_runner.c) on C functions standing in for compiled tests:
 * how each way of ending becomes a result (pass, panic, exit status, signal,
 * timeout), captured output, and results in case order whatever the number
 * of jobs. Crashes a Beskid program cannot cause on purpose (a signal, an
 * abort) are covered here. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/test_runner.h"

static void passes(void)
{
    static const char text[] = "to stdout\n";
    ssize_t ignored = write(STDOUT_FILENO, text, sizeof text - 1);
    (void)ignored;
}

static void panics(void)
{
    static const char text[] = "before\npanic: boom\n --> t.bd:1:1\n";
    ssize_t ignored = write(STDERR_FILENO, text, sizeof text - 1);
    (void)ignored;
    _exit(101);
}

static void exits_3(void)
{
    _exit(3);
}

static void aborts(void)
{
    abort();
}

static void segfaults(void)
{
    raise(SIGSEGV);
}

static void sleeps(void)
{
    for (;;)
        pause();
}

typedef struct Seen {
    uint32_t count;
    const TestCase *order[16];
} Seen;

static void record(void *context, const TestCase *test)
{
    Seen *seen = context;
    seen->order[seen->count++] = test;
}

static void make_case(TestCase *t, const char *name, void (*fn)(void))
{
    *t = (TestCase){.name = name, .qualified_name = name, .address = (uint64_t)(uintptr_t)fn, .out = "", .err = ""};
}

static void run_all(unsigned jobs)
{
    Arena *arena = arena_new();
    TestCase cases[8];
    uint32_t n = 0;
    make_case(&cases[n++], "passes", passes);
    make_case(&cases[n++], "panics", panics);
    make_case(&cases[n++], "skipped", NULL);
    cases[n - 1].outcome = TEST_SKIPPED;
    cases[n - 1].reason = "why";
    make_case(&cases[n++], "exits_3", exits_3);
    make_case(&cases[n++], "aborts", aborts);
    make_case(&cases[n++], "sleeps", sleeps);
    make_case(&cases[n++], "segfaults", segfaults); /* cmocka's own handler is reset in the child */
    make_case(&cases[n++], "last", passes);
    Seen seen = {0};
    TestRunOptions options = {.jobs = jobs, .timeout_secs = 1, .arena = arena, .done = record, .context = &seen};
    test_runner_run(cases, n, &options);

    assert_int_equal(seen.count, n);
    for (uint32_t i = 0; i < n; i++)
        assert_ptr_equal(seen.order[i], &cases[i]);
    uint32_t i = 0;
    assert_int_equal(cases[i].outcome, TEST_PASSED);
    assert_string_equal(cases[i].out, "to stdout\n");
    assert_int_equal(cases[i].out_len, 10);
    assert_string_equal(cases[i++].err, "");
    assert_int_equal(cases[i].outcome, TEST_FAILED);
    assert_string_equal(cases[i].reason, "panic: boom");
    assert_string_equal(cases[i++].err, "before\npanic: boom\n --> t.bd:1:1\n");
    assert_int_equal(cases[i].outcome, TEST_SKIPPED);
    assert_string_equal(cases[i++].reason, "why");
    assert_int_equal(cases[i].outcome, TEST_FAILED);
    assert_string_equal(cases[i++].reason, "exited with status 3");
    assert_int_equal(cases[i].outcome, TEST_FAILED);
    assert_string_equal(cases[i++].reason, "crashed: signal SIGABRT");
    assert_int_equal(cases[i].outcome, TEST_FAILED);
    assert_string_equal(cases[i++].reason, "timed out after 1 s");
    assert_int_equal(cases[i].outcome, TEST_FAILED);
    assert_string_equal(cases[i++].reason, "crashed: signal SIGSEGV");
    assert_int_equal(cases[i].outcome, TEST_PASSED);
    arena_free(arena);
}

static void one_job(void **state)
{
    (void)state;
    run_all(1);
}

static void four_jobs(void **state)
{
    (void)state;
    run_all(4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_job),
        cmocka_unit_test(four_jobs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
