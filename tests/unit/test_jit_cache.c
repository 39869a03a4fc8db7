/* tests/unit/test_jit_cache.c: the entries of the compiled-code cache
 * (backend/jit/jit_cache.c): round trip, checks, eviction, cleaning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "backend/jit/jit_cache.h"

static void make_key(uint8_t key[JIT_CACHE_KEY_BYTES], uint8_t seed)
{
    for (int i = 0; i < JIT_CACHE_KEY_BYTES; i++)
        key[i] = (uint8_t)(seed * 31 + i);
}

static char *temp_dir(void)
{
    char *dir = strdup("/tmp/beskid-cache-test-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return dir;
}

static void remove_dir(const char *dir)
{
    uint32_t removed;
    uint64_t bytes;
    char sub[512];
    snprintf(sub, sizeof sub, "%s/beskid", dir);
    jit_cache_clean(sub, &removed, &bytes);
    rmdir(sub);
    rmdir(dir);
}

static char *entry_file(const char *cache, const uint8_t key[JIT_CACHE_KEY_BYTES])
{
    char hex[2 * JIT_CACHE_KEY_BYTES + 1];
    jit_cache_key_hex(key, hex);
    static char path[512];
    snprintf(path, sizeof path, "%s/%s.bjo", cache, hex);
    return path;
}

static void store_then_load_round_trips(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char cache[512];
    snprintf(cache, sizeof cache, "%s/beskid", dir); /* created on the first store */
    uint8_t key[JIT_CACHE_KEY_BYTES], other[JIT_CACHE_KEY_BYTES];
    make_key(key, 1);
    make_key(other, 2);
    void *data = NULL;
    size_t size = 0;
    assert_int_equal(jit_cache_load(cache, key, &data, &size), JIT_CACHE_LOAD_MISS);
    const char object[] = "not really an object, but bytes";
    assert_true(jit_cache_store(cache, key, object, sizeof object, 0));
    assert_int_equal(jit_cache_load(cache, key, &data, &size), JIT_CACHE_LOAD_HIT);
    assert_int_equal(size, sizeof object);
    assert_memory_equal(data, object, sizeof object);
    free(data);
    assert_int_equal(jit_cache_load(cache, other, &data, &size), JIT_CACHE_LOAD_MISS);
    /* An entry renamed to another key is caught by the key in its header. */
    char from[512];
    snprintf(from, sizeof from, "%s", entry_file(cache, key));
    assert_int_equal(rename(from, entry_file(cache, other)), 0);
    assert_int_equal(jit_cache_load(cache, other, &data, &size), JIT_CACHE_LOAD_CORRUPT);
    assert_int_equal(access(entry_file(cache, other), F_OK), -1); /* discarded */
    remove_dir(dir);
    free(dir);
}

static void least_recently_used_entries_are_evicted(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char cache[512];
    snprintf(cache, sizeof cache, "%s/beskid", dir);
    uint8_t keys[4][JIT_CACHE_KEY_BYTES];
    static uint8_t object[1000];
    /* Entries 0, 1, 2 stored with ages 300, 200, 100 s; entry 0 then used. */
    for (int i = 0; i < 3; i++) {
        make_key(keys[i], (uint8_t)(10 + i));
        assert_true(jit_cache_store(cache, keys[i], object, sizeof object, 0));
        struct timespec times[2] = {{.tv_sec = time(NULL) - 300 + 100 * i}, {.tv_sec = time(NULL) - 300 + 100 * i}};
        assert_int_equal(utimensat(AT_FDCWD, entry_file(cache, keys[i]), times, 0), 0);
    }
    void *data = NULL;
    size_t size = 0;
    assert_int_equal(jit_cache_load(cache, keys[0], &data, &size), JIT_CACHE_LOAD_HIT);
    free(data);
    /* A fourth entry with room for three: entry 1, the least recently used, goes. */
    make_key(keys[3], 13);
    struct stat st;
    assert_int_equal(stat(entry_file(cache, keys[0]), &st), 0);
    uint64_t entry = (uint64_t)st.st_size; /* header and payload */
    assert_true(entry > sizeof object);
    assert_true(jit_cache_store(cache, keys[3], object, sizeof object, 3 * entry));
    assert_int_equal(access(entry_file(cache, keys[0]), F_OK), 0);
    assert_int_equal(access(entry_file(cache, keys[1]), F_OK), -1);
    assert_int_equal(access(entry_file(cache, keys[2]), F_OK), 0);
    assert_int_equal(access(entry_file(cache, keys[3]), F_OK), 0);
    /* An entry larger than the limit is still kept: the run that stored it
     * has it; the others make room. */
    uint8_t big[JIT_CACHE_KEY_BYTES];
    make_key(big, 14);
    assert_true(jit_cache_store(cache, big, object, sizeof object, 10));
    assert_int_equal(access(entry_file(cache, big), F_OK), 0);
    assert_int_equal(access(entry_file(cache, keys[0]), F_OK), -1);
    assert_int_equal(access(entry_file(cache, keys[3]), F_OK), -1);
    uint32_t removed;
    uint64_t bytes;
    assert_true(jit_cache_clean(cache, &removed, &bytes));
    assert_int_equal(removed, 1);
    assert_int_equal(bytes, entry);
    remove_dir(dir);
    free(dir);
}

static void unwritable_directories_fail_quietly(void **state)
{
    (void)state;
    uint8_t key[JIT_CACHE_KEY_BYTES];
    make_key(key, 3);
    char *dir = temp_dir();
    char file[256], cache[512];
    snprintf(file, sizeof file, "%s/file", dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(cache, sizeof cache, "%s/beskid", file); /* below a regular file */
    assert_false(jit_cache_store(cache, key, "x", 1, 0));
    void *data = NULL;
    size_t size = 0;
    assert_int_equal(jit_cache_load(cache, key, &data, &size), JIT_CACHE_LOAD_MISS);
    unlink(file);
    remove_dir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(store_then_load_round_trips),
        cmocka_unit_test(least_recently_used_entries_are_evicted),
        cmocka_unit_test(unwritable_directories_fail_quietly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
