/* cli/test_runner.h: runs compiled tests, each in a child process of its own
 * (backends.md §6.5 [FIX]: a panic fails only its test). The code is
 * compiled once, in this process (backend/jit: jit_tests_compile); each test
 * is a fork that calls its address with fd 1 and fd 2 captured, so a panic
 * (exit 101), a stack overflow, an abort, a crash or a timeout ends only that
 * child. Up to 'jobs' children run at once; results are handed back in the
 * order of the cases, whatever order they finish in. */
#ifndef BESKID_CLI_TEST_RUNNER_H
#define BESKID_CLI_TEST_RUNNER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "support/arena.h"

typedef enum TestOutcome {
    TEST_PENDING, /* to be run */
    TEST_PASSED,
    TEST_FAILED,
    TEST_SKIPPED,
    TEST_FILTERED,
} TestOutcome;

typedef struct TestCase {
    const char *name;           /* as written */
    const char *qualified_name; /* module path joined with `::`, then the name */
    uint32_t entry;             /* in the artifact's entries */
    uint64_t address;           /* the code to call (TEST_PENDING) */
    TestOutcome outcome;
    const char *reason;         /* FAILED, SKIPPED, FILTERED: why */
    const char *out;            /* what the test wrote to fd 1 (NUL-terminated), or "" */
    size_t out_len;
    const char *err;            /* what it wrote to fd 2, or "" */
    size_t err_len;
} TestCase;

/* Called once per case, in the order of 'cases', as soon as it and every
 * case before it have a result. */
typedef void (*TestDoneFn)(void *context, const TestCase *test);

typedef struct TestRunOptions {
    unsigned jobs;         /* at least 1 */
    unsigned timeout_secs; /* 0: no limit */
    Arena *arena;          /* holds the captured output and the reasons */
    TestDoneFn done;
    void *context;
} TestRunOptions;

/* Runs every TEST_PENDING case and sets its outcome (a test whose process
 * cannot be started fails with `could not start: …`); the others are only
 * reported. */
void test_runner_run(TestCase *cases, uint32_t count, const TestRunOptions *options);
#endif
