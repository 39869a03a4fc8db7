/* pckg/pckg_sha256.c */
#include "pckg/pckg_sha256.h"

#include <nettle/sha2.h>
#include <stdio.h>

void pckg_sha256_hex(const void *data, size_t size, char hex[65])
{
    struct sha256_ctx md;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&md);
    sha256_update(&md, size, data);
    sha256_digest(&md, sizeof digest, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}
