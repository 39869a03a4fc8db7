/* cli/runtime_path.c: files of the installation, found from /proc/self/exe. */
#include "cli/runtime_path.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The directory of the running executable into 'dir'; false without /proc. */
static bool exe_dir(char dir[PATH_MAX])
{
    ssize_t n = readlink("/proc/self/exe", dir, PATH_MAX - 1);
    if (n <= 0)
        return false;
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    return true;
}

char *install_file_find(const char *name)
{
    char dir[PATH_MAX];
    if (!exe_dir(dir))
        return NULL;
    char path[2 * PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (access(path, F_OK) == 0)
        return strdup(path);
    snprintf(path, sizeof path, "%s/../lib/beskid/%s", dir, name);
    char *resolved = realpath(path, NULL);
    return resolved;
}

char *runtime_dir_find(void)
{
    char *archive = install_file_find("libbeskid_rt.a");
    if (archive) {
        *strrchr(archive, '/') = '\0';
        return archive;
    }
    char dir[PATH_MAX];
    return strdup(exe_dir(dir) ? dir : ".");
}
