/* cli/runtime_path.c: locating libbeskid_rt.a from /proc/self/exe. */
#include "cli/runtime_path.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool exists(const char *dir)
{
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/libbeskid_rt.a", dir);
    return access(path, R_OK) == 0;
}

char *runtime_dir_find(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return strdup(".");
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    if (exists(exe))
        return strdup(exe);
    char installed[PATH_MAX + 32];
    snprintf(installed, sizeof installed, "%s/../lib/beskid", exe);
    char *resolved = realpath(installed, NULL);
    if (resolved && exists(resolved))
        return resolved;
    free(resolved);
    return strdup(exe);
}
