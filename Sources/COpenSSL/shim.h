#ifndef SWITCHBOARD_COPENSSL_SHIM_H
#define SWITCHBOARD_COPENSSL_SHIM_H
#include <openssl/sha.h>
#include <openssl/hmac.h>
#include <openssl/evp.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

/* SHA-256 of one buffer with the low-level interface: no context allocation and no
   algorithm fetch, which the EVP one-shot pays on every call. The low-level functions are
   deprecated in OpenSSL 3 but remain; the warning is silenced here, in one place. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static inline void switchboard_sha256(const void *data, size_t count, unsigned char *out) {
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, data, count);
    SHA256_Final(out, &ctx);
}
#pragma GCC diagnostic pop
#endif
