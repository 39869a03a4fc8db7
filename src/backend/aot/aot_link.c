/* backend/aot/aot_link.c: running the linker driver and archiver with
 * posix_spawnp (no shell, argv arrays) and mapping failures to E4020/E4021
 * (backends.md §4.5). The tools inherit stdout/stderr. */
#include "backend/aot/aot_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

bool aot_run_tool(const char *const *argv, const char *stdin_path, const char *shown, DiagList *diags)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (stdin_path)
        posix_spawn_file_actions_addopen(&actions, 0, stdin_path, O_RDONLY, 0);
    pid_t pid;
    int error = posix_spawnp(&pid, argv[0], &actions, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) {
        diag_report(diags, SPAN_NONE, DIAG_E4020_LINKER_UNAVAILABLE);
        return false;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            diag_report(diags, SPAN_NONE, DIAG_E4020_LINKER_UNAVAILABLE);
            return false;
        }
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 127 && WIFEXITED(status)) {
        /* posix_spawnp may report a failed exec as exit 127 (older libcs) */
        diag_report(diags, SPAN_NONE, DIAG_E4020_LINKER_UNAVAILABLE);
        return false;
    }
    if (code != 0) {
        diag_report(diags, SPAN_NONE, DIAG_E4021_LINK_FAILED, arena_printf(diags->arena, "%d", code), shown);
        return false;
    }
    return true;
}

bool aot_capture_tool(const char *const *argv, StrBuf *output, int *status_out, int *spawn_error)
{
    int fds[2];
    if (pipe(fds) != 0) {
        *spawn_error = errno;
        return false;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    pid_t pid;
    int error = posix_spawnp(&pid, argv[0], &actions, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (error != 0) {
        close(fds[0]);
        *spawn_error = error;
        return false;
    }
    char buf[4096];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) != 0;) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        strbuf_append(output, buf, (size_t)n);
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    *status_out = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    *spawn_error = 0;
    return true;
}
