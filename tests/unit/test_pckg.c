/* tests/unit/test_pckg.c: the pure parts of src/pckg (issue 16): versions
 * and their order, requirements (docs/packages.md's table, line by line),
 * the archive path rule of safe extraction, package names, SHA-256. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "pckg/pckg_pack.h"
#include "pckg/pckg_semver.h"
#include "pckg/pckg_sha256.h"
#include "pckg/pckg_zip.h"

static SemVer v(const char *text)
{
    SemVer out;
    assert_true(semver_parse(text, &out));
    return out;
}

static void versions(void **state)
{
    (void)state;
    SemVer out;
    assert_true(semver_parse("1.2.3", &out));
    assert_int_equal(out.major, 1);
    assert_int_equal(out.minor, 2);
    assert_int_equal(out.patch, 3);
    assert_true(semver_parse("1.0.0-rc.1+build.5", &out));
    assert_string_equal(out.pre, "rc.1");
    const char *bad[] = {"", "1", "1.2", "1.2.3.4", "a.b.c", "1.2.x", "-1.2.3", "1.2.3-", "1.2.3+", " 1.2.3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(semver_parse(bad[i], &out));
    /* 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0 */
    const char *order[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                           "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0"};
    for (size_t i = 0; i + 1 < sizeof order / sizeof order[0]; i++) {
        SemVer a = v(order[i]), b = v(order[i + 1]);
        assert_int_equal(semver_compare(&a, &b), -1);
        assert_int_equal(semver_compare(&b, &a), 1);
        assert_int_equal(semver_compare(&a, &a), 0);
    }
}

/* 'req' matches exactly the versions in 'yes' and none in 'no'. */
static void check(const char *req, const char *yes, const char *no)
{
    SemVerReq r;
    const char *why = NULL;
    if (!semver_req_parse(req, &r, &why))
        fail_msg("`%s` did not parse: %s", req, why);
    char buf[256];
    for (int pass = 0; pass < 2; pass++) {
        snprintf(buf, sizeof buf, "%s", pass ? no : yes);
        for (char *t = strtok(buf, " "); t; t = strtok(NULL, " ")) {
            SemVer ver = v(t);
            if (semver_req_matches(&r, &ver) != !pass)
                fail_msg("`%s` %s match %s", req, pass ? "should not" : "should", t);
        }
    }
}

static void requirements(void **state)
{
    (void)state;
    check("1.2.3", "1.2.3", "1.2.4 1.2.2 2.0.0");
    check("=1.2.3", "1.2.3", "1.2.4");
    check("1.2", "1.2.0 1.2.9", "1.3.0 1.1.9");
    check("=1", "1.0.0 1.9.9", "2.0.0 0.9.0");
    check("^1.2.3", "1.2.3 1.9.0", "1.2.2 2.0.0");
    check("^1.2", "1.2.0 1.9.9", "1.1.9 2.0.0");
    check("^1", "1.0.0 1.9.9", "0.9.0 2.0.0");
    check("^0.2.3", "0.2.3 0.2.9", "0.3.0 0.2.2");
    check("^0.0.3", "0.0.3", "0.0.4 0.0.2");
    check("^0.0", "0.0.0 0.0.9", "0.1.0");
    check("~1.2.3", "1.2.3 1.2.9", "1.3.0 1.2.2");
    check("~1.2", "1.2.0 1.2.9", "1.3.0");
    check("~1", "1.0.0 1.9.0", "2.0.0");
    check(">=1.0, <2.0", "1.0.0 1.9.9", "0.9.9 2.0.0");
    check(">1.2", "1.3.0", "1.2.9");
    check("<=1.2", "1.2.9 0.1.0", "1.3.0");
    check(">1.2.3", "1.2.4", "1.2.3");
    check("*", "0.0.1 9.9.9", "");
    /* pre-releases: only by a requirement naming one of that major.minor.patch */
    check("^1.0", "1.0.0", "1.1.0-rc.1 2.0.0-rc.1");
    check(">=1.0.0-rc.1", "1.0.0-rc.1 1.0.0-rc.2 1.0.0 1.5.0", "1.0.0-beta 1.5.0-rc.1");
    check("=1.0.0-rc.1", "1.0.0-rc.1", "1.0.0 1.0.0-rc.2");
    SemVerReq r;
    const char *why;
    const char *bad[] = {"", "^", "^one", "1.2.3 1.2.4", ">=1.0,", "1.x", "==1.0", "~>1.0",
                         "1,1,1,1,1,1,1,1,1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (semver_req_parse(bad[i], &r, &why))
            fail_msg("`%s` parsed", bad[i]);
}

static void archive_paths(void **state)
{
    (void)state;
    const char *good[] = {"Project.proj", "Src/A.bd", ".beskid/docs/index.md", "a..b/c", "x/..y"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(pckg_zip_safe_path(good[i]));
    const char *bad[] = {"", "/etc/passwd", "..", "../x", "a/../../x", "a/..", "./a", "a/./b", "a//b", "a\\b",
                         "C:\\x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (pckg_zip_safe_path(bad[i]))
            fail_msg("`%s` was allowed", bad[i]);
}

static void names_and_digests(void **state)
{
    (void)state;
    assert_true(pckg_valid_name("Json"));
    assert_true(pckg_valid_name("my-lib_2.x"));
    assert_false(pckg_valid_name(""));
    assert_false(pckg_valid_name(".."));
    assert_false(pckg_valid_name("a/b"));
    assert_false(pckg_valid_name("a b"));
    char hex[65];
    pckg_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    pckg_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(versions),
        cmocka_unit_test(requirements),
        cmocka_unit_test(archive_paths),
        cmocka_unit_test(names_and_digests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
