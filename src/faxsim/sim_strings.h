/* UTF-16 strings as the fax API sees them (WCHAR is 16 bits here, unlike
 * the platform's wchar_t), conversions from and to the UTF-8 the control
 * API and the file system use, and the packing of returned buffers. */
#ifndef SIM_STRINGS_H
#define SIM_STRINGS_H

#include "sim_internal.h"

size_t sim_wlen(LPCWSTR s);
/* Bytes `s` takes in a result buffer, terminator included; 0 for NULL. */
size_t sim_wbytes(LPCWSTR s);
/* A malloc'd copy.  Returns 0 and stores NULL for a NULL source; -1 when
 * out of memory (then *out is left NULL). */
int sim_wdup(LPCWSTR src, WCHAR **out);
/* malloc'd conversions; NULL for a NULL argument or when out of memory.
 * Malformed input becomes U+FFFD rather than failing: names are data. */
WCHAR *sim_wfrom_utf8(const char *s);
char *sim_wto_utf8(LPCWSTR s);
/* Exact comparison; two NULLs are equal. */
int sim_wequal(LPCWSTR a, LPCWSTR b);
/* ASCII letters compared without case: GUID strings ("{6bbf...}") are
 * the same GUID in either case, and printer names are case-blind. */
int sim_wequal_nocase(LPCWSTR a, LPCWSTR b);
int sim_wequal_ascii_nocase(LPCWSTR a, const char *b);

/* Results are one sim_buffer_alloc block: the structs first, then every
 * string they point to.  A packer hands out the string area in order. */
typedef struct {
    unsigned char *next;
} sim_pack;

/* Start packing strings at `area`. */
void sim_pack_init(sim_pack *p, void *area);
/* Copy `s` to the string area and return where it went (NULL for NULL). */
LPCWSTR sim_pack_str(sim_pack *p, LPCWSTR s);

#endif /* SIM_STRINGS_H */
