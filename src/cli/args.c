/* cli/args.c: argument scanning and response-file expansion. */
#include "cli/args.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void push(Args *args, int *cap, const char *text, size_t len)
{
    if (args->count == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        args->items = realloc(args->items, sizeof(char *) * (size_t)*cap);
        if (!args->items) {
            fputs("error: out of memory\n", stderr);
            exit(1);
        }
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        fputs("error: out of memory\n", stderr);
        exit(1);
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    args->items[args->count++] = copy;
}

static bool expand_response_file(Args *args, int *cap, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "error: cannot read response file `%s`\n", path);
        return false;
    }
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t n;
    while ((n = getline(&line, &line_cap, fp)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        if (n > 0)
            push(args, cap, line, (size_t)n);
    }
    free(line);
    fclose(fp);
    return true;
}

bool args_init(Args *args, const char *command, int argc, char **argv, int first)
{
    memset(args, 0, sizeof *args);
    args->command = command;
    int cap = 0;
    for (int i = first; i < argc; i++) {
        if (argv[i][0] == '@' && argv[i][1]) {
            if (!expand_response_file(args, &cap, argv[i] + 1))
                return false;
        } else {
            push(args, &cap, argv[i], strlen(argv[i]));
        }
    }
    return true;
}

void args_free(Args *args)
{
    for (int i = 0; i < args->count; i++)
        free(args->items[i]);
    free(args->items);
    memset(args, 0, sizeof *args);
}

bool args_done(const Args *args)
{
    return args->index >= args->count || args->failed;
}

const char *args_peek(const Args *args)
{
    return args->index < args->count ? args->items[args->index] : NULL;
}

const char *args_next(Args *args)
{
    return args->index < args->count ? args->items[args->index++] : NULL;
}

void args_usage_error(Args *args, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fprintf(stderr, "\nFor more information, try `beskid %s --help`.\n", args->command);
    args->failed = true;
}

bool args_flag_value(Args *args, const char *flag, const char **value)
{
    const char *arg = args_peek(args);
    if (!arg)
        return false;
    size_t n = strlen(flag);
    if (strncmp(arg, flag, n) != 0)
        return false;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        args->index++;
        return true;
    }
    if (arg[n] != '\0')
        return false;
    args->index++;
    const char *next = args_next(args);
    if (!next) {
        args_usage_error(args, "a value is required for `%s` but none was supplied", flag);
        *value = NULL;
        return true;
    }
    *value = next;
    return true;
}

bool args_flag(Args *args, const char *flag)
{
    const char *arg = args_peek(args);
    if (arg && strcmp(arg, flag) == 0) {
        args->index++;
        return true;
    }
    return false;
}

void args_unknown(Args *args)
{
    const char *arg = args_peek(args);
    args_usage_error(args, "unexpected argument `%s`", arg ? arg : "");
}
