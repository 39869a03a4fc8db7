/* pckg/pckg_sha256.h: SHA-256 (OpenSSL libcrypto, as the run cache uses)
 * as lowercase hex, for package archives and their entries. */
#ifndef BESKID_PCKG_PCKG_SHA256_H
#define BESKID_PCKG_PCKG_SHA256_H
#include <stddef.h>

/* 'hex' receives 64 digits and a NUL. */
void pckg_sha256_hex(const void *data, size_t size, char hex[65]);
#endif
