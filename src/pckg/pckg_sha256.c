/* pckg/pckg_sha256.c */
#include "pckg/pckg_sha256.h"

#include <openssl/sha.h>
#include <stdio.h>

void pckg_sha256_hex(const void *data, size_t size, char hex[65])
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(data, size, digest);
    for (int i = 0; i < SHA256_DIGEST_LENGTH; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}
