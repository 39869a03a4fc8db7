/* rt_os.c: the operating-system builtins of the standard library (language.md
 * §4.1 [EXT]): environment, files, process, clocks. A failure is a value
 * (false, "", -1) and records the OS error code for __os_last_error(); every
 * call that can fail resets it to 0 on success. Paths and names are strings
 * of the program; one holding a NUL byte fails with EINVAL. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rt_internal.h"

static _Thread_local int last_error;
static const uint8_t empty_bytes[1] = {0};

static BeskidStr *empty(void)
{
    return rt_str_wrap(empty_bytes, 0);
}

/* A NUL-terminated copy of s on the collected heap, or NULL (EINVAL recorded)
 * when s holds a NUL byte. */
static char *c_string(const BeskidStr *s)
{
    if (s == NULL)
        beskid_rt_panic_cstr("null string handle");
    if (s->ptr == NULL)
        beskid_rt_panic_cstr("null string data");
    if (memchr(s->ptr, 0, s->len)) {
        last_error = EINVAL;
        return NULL;
    }
    char *c = rt_alloc_atomic(s->len + 1);
    memcpy(c, s->ptr, s->len);
    c[s->len] = '\0';
    return c;
}

static uint8_t result(bool ok)
{
    last_error = ok ? 0 : (errno ? errno : EIO);
    return ok;
}

int64_t beskid_rt_os_last_error(void)
{
    return last_error;
}

BeskidStr *beskid_rt_os_error_text(int64_t code)
{
    rt_ensure_init();
    if (code == 0)
        return rt_str_copy("no error", 8);
    const char *text = code > 0 && code <= INT_MAX ? strerror((int)code) : NULL;
    if (!text || strncmp(text, "Unknown error", 13) == 0) {
        char buf[64];
        int n = snprintf(buf, sizeof buf, "error %lld", (long long)code);
        return rt_str_copy(buf, (size_t)n);
    }
    return rt_str_copy(text, strlen(text));
}

/* ---- environment ---- */

static const char *env_lookup(const BeskidStr *name)
{
    char *n = c_string(name);
    return n && n[0] && !strchr(n, '=') ? getenv(n) : NULL;
}

uint8_t beskid_rt_env_has(const BeskidStr *name)
{
    rt_ensure_init();
    return env_lookup(name) != NULL;
}

BeskidStr *beskid_rt_env_get(const BeskidStr *name)
{
    rt_ensure_init();
    const char *v = env_lookup(name);
    if (!v)
        return empty();
    size_t len = strlen(v);
    if (!rt_utf8_valid((const uint8_t *)v, len))
        return empty(); /* not text a program could hold */
    return rt_str_copy(v, len);
}

uint8_t beskid_rt_env_set(const BeskidStr *name, const BeskidStr *value)
{
    rt_ensure_init();
    char *n = c_string(name), *v = c_string(value);
    if (!n || !v)
        return 0;
    errno = 0;
    if (!n[0] || strchr(n, '=')) {
        errno = EINVAL;
        return result(false);
    }
    return result(setenv(n, v, 1) == 0);
}

BeskidStr *beskid_rt_env_getcwd(void)
{
    rt_ensure_init();
    char buf[PATH_MAX];
    errno = 0;
    if (!result(getcwd(buf, sizeof buf) != NULL))
        return empty();
    return rt_str_copy(buf, strlen(buf));
}

/* ---- files ---- */

BeskidStr *beskid_rt_fs_read_text(const BeskidStr *path)
{
    rt_ensure_init();
    char *p = c_string(path);
    if (!p)
        return empty();
    errno = 0;
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        result(false);
        if (fd >= 0)
            close(fd);
        return empty();
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        errno = EISDIR;
        result(false);
        return empty();
    }
    size_t cap = st.st_size > 0 ? (size_t)st.st_size : 4096, len = 0;
    uint8_t *buf = rt_alloc_atomic(cap);
    for (;;) {
        if (len == cap) {
            uint8_t *bigger = rt_alloc_atomic(cap * 2);
            memcpy(bigger, buf, len);
            buf = bigger;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            result(false);
            close(fd);
            return empty();
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    if (!rt_utf8_valid(buf, len)) {
        last_error = EILSEQ;
        return empty();
    }
    last_error = 0;
    return len ? rt_str_wrap(buf, len) : empty();
}

/* Writes the whole text, replacing the file (created with mode 0666 & ~umask). */
uint8_t beskid_rt_fs_write_text(const BeskidStr *path, const BeskidStr *text)
{
    rt_ensure_init();
    char *p = c_string(path);
    if (!p)
        return 0;
    if (text == NULL || text->ptr == NULL)
        beskid_rt_panic_cstr(text ? "null string data" : "null string handle");
    errno = 0;
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return result(false);
    size_t done = 0;
    while (done < text->len) {
        ssize_t n = write(fd, text->ptr + done, text->len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int saved = errno;
            close(fd);
            errno = saved;
            return result(false);
        }
        done += (size_t)n;
    }
    return result(close(fd) == 0);
}

uint8_t beskid_rt_fs_exists(const BeskidStr *path)
{
    rt_ensure_init();
    char *p = c_string(path);
    struct stat st;
    errno = 0;
    return p && result(stat(p, &st) == 0);
}

/* Removes a file or an empty directory. */
uint8_t beskid_rt_fs_delete(const BeskidStr *path)
{
    rt_ensure_init();
    char *p = c_string(path);
    errno = 0;
    return p && result(remove(p) == 0);
}

/* Creates the directory and any missing parents; an existing directory is success. */
uint8_t beskid_rt_fs_mkdir(const BeskidStr *path)
{
    rt_ensure_init();
    char *p = c_string(path);
    if (!p)
        return 0;
    errno = 0;
    if (!p[0]) {
        errno = ENOENT;
        return result(false);
    }
    for (char *at = p + 1;; at++) {
        if (*at != '/' && *at != '\0')
            continue;
        char saved = *at;
        *at = '\0';
        struct stat st;
        if (mkdir(p, 0777) != 0 && !(errno == EEXIST && stat(p, &st) == 0 && S_ISDIR(st.st_mode))) {
            if (errno == EEXIST)
                errno = ENOTDIR;
            return result(false);
        }
        *at = saved;
        if (saved == '\0')
            break;
    }
    errno = 0;
    return result(true);
}

/* ---- process and clocks ---- */

int64_t beskid_rt_process_getpid(void)
{
    return (int64_t)getpid();
}

/* Ends the process now: output is unbuffered (write(2)), so nothing is lost;
 * no atexit handlers run (under the JIT they belong to the compiler). */
_Noreturn void beskid_rt_process_exit(int64_t code)
{
    fflush(NULL);
    _exit((int)(code & 0xFF));
}

static int64_t clock_nanos(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t beskid_rt_clock_realtime_nanos(void)
{
    return clock_nanos(CLOCK_REALTIME);
}

int64_t beskid_rt_clock_monotonic_nanos(void)
{
    return clock_nanos(CLOCK_MONOTONIC);
}
