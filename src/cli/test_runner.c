/* cli/test_runner.c: one child process per test (test_runner.h).
 *
 * What is safe after fork: the parent has compiled and linked every test and
 * looked up every address before the first fork, so a child only calls code
 * already in its (copied) address space and never needs LLVM. The parent
 * never initialises the runtime or the collector, so each child starts the
 * Boehm collector afresh in a single-threaded process (its marker threads are
 * the child's own) and no collector or LLVM lock can be inherited held. The
 * parent flushes its stdio before each fork so no buffered text is written
 * twice, and a child leaves with _exit (no atexit handlers, no LLVM static
 * destructors).
 *
 * How the parent waits: each child holds the write end of a pipe whose read
 * end only the parent keeps; the pipe reports hang-up when the child's
 * process is gone, whatever ended it, so one poll() covers every running
 * child and the nearest timeout without any signal handler. */
#include "cli/test_runner.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backend/jit/jit.h"

/* A test's output beyond this, per stream, is cut (with a note). */
#define CAPTURE_LIMIT ((size_t)4 << 20)

typedef struct Running {
    uint32_t index; /* into the cases */
    pid_t pid;
    int done_fd;    /* the read end of the pipe only the child writes to */
    int out_fd, err_fd;
    int64_t deadline_ms; /* INT64_MAX: none */
    bool timed_out;
} Running;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* An anonymous file for one captured stream; -1 when none can be made. */
static int capture_file(void)
{
    int fd = memfd_create("beskid-test", MFD_CLOEXEC);
    if (fd >= 0)
        return fd;
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/beskid-test-XXXXXX", dir && dir[0] ? dir : "/tmp");
    fd = mkstemp(path);
    if (fd >= 0) {
        unlink(path);
        fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    return fd;
}

/* The captured bytes of 'fd' (closed), NUL-terminated, in 'arena'. */
static const char *read_capture(Arena *arena, int fd, size_t *len_out)
{
    *len_out = 0;
    if (fd < 0)
        return "";
    off_t end = lseek(fd, 0, SEEK_END);
    size_t size = end > 0 ? (size_t)end : 0;
    bool cut = size > CAPTURE_LIMIT;
    if (cut)
        size = CAPTURE_LIMIT;
    static const char note[] = "\n[output cut at 4 MiB]\n";
    char *text = arena_alloc(arena, size + sizeof note, 1);
    size_t got = 0;
    while (got < size) {
        ssize_t n = pread(fd, text + got, size - got, (off_t)got);
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            break;
        }
        got += (size_t)n;
    }
    close(fd);
    if (cut) {
        memcpy(text + got, note, sizeof note);
        got += sizeof note - 1;
    }
    text[got] = '\0';
    *len_out = got;
    return text;
}

/* The runtime's `panic: …` line in what the test wrote to fd 2 (the last
 * one: the runtime writes it just before it exits), or NULL. */
static const char *panic_line(Arena *arena, const char *err, size_t len)
{
    const char *found = NULL;
    for (const char *line = err; line < err + len;) {
        const char *end = memchr(line, '\n', (size_t)(err + len - line));
        if (!end)
            end = err + len;
        if ((size_t)(end - line) >= 7 && memcmp(line, "panic: ", 7) == 0)
            found = arena_strndup(arena, line, (size_t)(end - line));
        line = end + 1;
    }
    return found;
}

static const char *signal_name(Arena *arena, int sig)
{
    const char *abbrev = sigabbrev_np(sig);
    return abbrev ? arena_printf(arena, "SIG%s", abbrev) : arena_printf(arena, "%d", sig);
}

/* A child starts with the default action for every fault and no signal
 * blocked, as an executable does, whatever handlers its parent inherited (a
 * sanitizer's, a test harness's); the runtime installs its own stack-overflow
 * handler on top. */
static void reset_signals(void)
{
    static const int faults[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS};
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
        signal(faults[i], SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Forks the child of 'cases[index]'. False when it could not be started
 * ('*error' set). */
static bool start(TestCase *t, uint32_t index, int devnull, unsigned timeout_secs, Running *r, const char **error)
{
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
        *error = strerror(errno);
        return false;
    }
    int out_fd = capture_file(), err_fd = capture_file();
    if (out_fd < 0 || err_fd < 0) {
        *error = strerror(errno);
        close(pipe_fds[0]);
        close(pipe_fds[1]);
        if (out_fd >= 0)
            close(out_fd);
        if (err_fd >= 0)
            close(err_fd);
        return false;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        /* The child: stdin empty, fd 1 and fd 2 captured; the pipe's write
         * end stays open until the process is gone. */
        close(pipe_fds[0]);
        reset_signals();
        if (devnull >= 0)
            dup2(devnull, STDIN_FILENO);
        dup2(out_fd, STDOUT_FILENO);
        dup2(err_fd, STDERR_FILENO);
        jit_tests_call(t->address);
        _exit(0);
    }
    close(pipe_fds[1]);
    if (pid < 0) {
        *error = strerror(errno);
        close(pipe_fds[0]);
        close(out_fd);
        close(err_fd);
        return false;
    }
    *r = (Running){.index = index,
                   .pid = pid,
                   .done_fd = pipe_fds[0],
                   .out_fd = out_fd,
                   .err_fd = err_fd,
                   .deadline_ms = timeout_secs ? now_ms() + (int64_t)timeout_secs * 1000 : INT64_MAX};
    return true;
}

/* Reaps the child of 'r' and records its result in 't'. */
static void finish(TestCase *t, Running *r, const TestRunOptions *options)
{
    int status = 0;
    while (waitpid(r->pid, &status, 0) < 0 && errno == EINTR) {
    }
    close(r->done_fd);
    t->out = read_capture(options->arena, r->out_fd, &t->out_len);
    t->err = read_capture(options->arena, r->err_fd, &t->err_len);
    if (r->timed_out) {
        t->outcome = TEST_FAILED;
        t->reason = arena_printf(options->arena, "timed out after %u s", options->timeout_secs);
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        t->outcome = TEST_PASSED;
    } else if (WIFEXITED(status)) {
        const char *panic = WEXITSTATUS(status) == 101 ? panic_line(options->arena, t->err, t->err_len) : NULL;
        t->outcome = TEST_FAILED;
        t->reason = panic ? panic : arena_printf(options->arena, "exited with status %d", WEXITSTATUS(status));
    } else {
        t->outcome = TEST_FAILED;
        t->reason = arena_printf(options->arena, "crashed: signal %s",
                                 signal_name(options->arena, WIFSIGNALED(status) ? WTERMSIG(status) : 0));
    }
}

void test_runner_run(TestCase *cases, uint32_t count, const TestRunOptions *options)
{
    unsigned jobs = options->jobs ? options->jobs : 1;
    Running *running = ARENA_ARRAY(options->arena, Running, jobs);
    struct pollfd *fds = ARENA_ARRAY(options->arena, struct pollfd, jobs);
    bool *finished = ARENA_ARRAY(options->arena, bool, count ? count : 1);
    for (uint32_t i = 0; i < count; i++)
        finished[i] = cases[i].outcome != TEST_PENDING;
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    unsigned active = 0;
    uint32_t next = 0, reported = 0;
    while (reported < count) {
        while (reported < count && finished[reported])
            options->done(options->context, &cases[reported++]);
        for (; active < jobs && next < count; next++) {
            if (finished[next])
                continue;
            const char *error = NULL;
            if (start(&cases[next], next, devnull, options->timeout_secs, &running[active], &error)) {
                active++;
                continue;
            }
            if (active > 0 && (errno == EAGAIN || errno == ENOMEM))
                break; /* try again once a running test is done */
            cases[next].outcome = TEST_FAILED;
            cases[next].reason = arena_printf(options->arena, "could not start: %s", error);
            cases[next].out = cases[next].err = "";
            finished[next] = true;
        }
        if (active == 0)
            continue;
        int64_t now = now_ms(), nearest = INT64_MAX;
        for (unsigned i = 0; i < active; i++) {
            fds[i] = (struct pollfd){.fd = running[i].done_fd, .events = POLLIN};
            if (!running[i].timed_out && running[i].deadline_ms < nearest)
                nearest = running[i].deadline_ms;
        }
        int wait = -1;
        if (nearest != INT64_MAX)
            wait = nearest <= now ? 0 : nearest - now > 1000000 ? 1000000 : (int)(nearest - now);
        int ready = poll(fds, active, wait);
        if (ready < 0 && errno != EINTR)
            ready = 0;
        now = now_ms();
        for (unsigned i = 0; i < active;) {
            Running *r = &running[i];
            if (ready > 0 && fds[i].revents) {
                finish(&cases[r->index], r, options);
                finished[r->index] = true;
                running[i] = running[active - 1];
                fds[i] = fds[active - 1];
                active--;
                continue;
            }
            if (!r->timed_out && r->deadline_ms <= now) {
                kill(r->pid, SIGKILL); /* its pipe reports the end on a later poll */
                r->timed_out = true;
            }
            i++;
        }
    }
    if (devnull >= 0)
        close(devnull);
}
