/* SHA-256 (FIPS 180-4), for naming saved documents by their content. */
#ifndef SIM_SHA256_H
#define SIM_SHA256_H

#include <stddef.h>

/* Hex digits of a digest, without the terminating NUL. */
#define SIM_SHA256_HEX 64u

/* Writes the lowercase hex digest of `size` bytes at `data` to `hex`
 * (SIM_SHA256_HEX + 1 bytes, NUL-terminated). */
void sim_sha256_hex(const unsigned char *data, size_t size, char *hex);

#endif
