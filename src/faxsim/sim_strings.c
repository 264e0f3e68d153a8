/* UTF-16 helpers; see sim_strings.h. */
#include "sim_strings.h"

#include <stdlib.h>
#include <string.h>

#define REPLACEMENT 0xFFFDu

size_t sim_wlen(LPCWSTR s)
{
    size_t n = 0;
    if (s == NULL)
        return 0;
    while (s[n])
        n++;
    return n;
}

size_t sim_wbytes(LPCWSTR s)
{
    return s == NULL ? 0 : (sim_wlen(s) + 1) * sizeof(WCHAR);
}

int sim_wdup(LPCWSTR src, WCHAR **out)
{
    size_t bytes = sim_wbytes(src);

    *out = NULL;
    if (src == NULL)
        return 0;
    *out = malloc(bytes);
    if (*out == NULL)
        return -1;
    memcpy(*out, src, bytes);
    return 0;
}

/* Decodes one UTF-8 sequence at s; returns the code point and advances *s.
 * Overlong forms, surrogates and truncated sequences decode to U+FFFD. */
static uint32_t next_utf8(const unsigned char **s)
{
    const unsigned char *p = *s;
    uint32_t cp, min;
    int extra;

    if (p[0] < 0x80) {
        *s = p + 1;
        return p[0];
    }
    if ((p[0] & 0xE0) == 0xC0) {
        cp = p[0] & 0x1Fu; extra = 1; min = 0x80;
    }
    else if ((p[0] & 0xF0) == 0xE0) {
        cp = p[0] & 0x0Fu; extra = 2; min = 0x800;
    }
    else if ((p[0] & 0xF8) == 0xF0) {
        cp = p[0] & 0x07u; extra = 3; min = 0x10000;
    }
    else {
        *s = p + 1;
        return REPLACEMENT;
    }
    for (int i = 1; i <= extra; i++) {
        if ((p[i] & 0xC0) != 0x80) {   /* also stops at the terminator */
            *s = p + i;
            return REPLACEMENT;
        }
        cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    *s = p + extra + 1;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return REPLACEMENT;
    return cp;
}

WCHAR *sim_wfrom_utf8(const char *s)
{
    const unsigned char *p;
    WCHAR *out;
    size_t n = 0;

    if (s == NULL)
        return NULL;
    /* Worst case one UTF-16 unit per input byte, plus the terminator. */
    out = malloc((strlen(s) + 1) * sizeof(WCHAR));
    if (out == NULL)
        return NULL;
    p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp = next_utf8(&p);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out[n++] = (WCHAR)(0xD800 | (cp >> 10));
            out[n++] = (WCHAR)(0xDC00 | (cp & 0x3FF));
        }
        else {
            out[n++] = (WCHAR)cp;
        }
    }
    out[n] = 0;
    return out;
}

char *sim_wto_utf8(LPCWSTR s)
{
    size_t len, n = 0;
    char *out;

    if (s == NULL)
        return NULL;
    len = sim_wlen(s);
    /* At most three bytes per UTF-16 unit (a pair makes four from two). */
    out = malloc(len * 3 + 1);
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        uint32_t cp = s[i];
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < len &&
            s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (s[i + 1] - 0xDC00u);
            i++;
        }
        else if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = REPLACEMENT;   /* a lone surrogate has no UTF-8 form */
        }
        if (cp < 0x80) {
            out[n++] = (char)cp;
        }
        else if (cp < 0x800) {
            out[n++] = (char)(0xC0 | (cp >> 6));
            out[n++] = (char)(0x80 | (cp & 0x3F));
        }
        else if (cp < 0x10000) {
            out[n++] = (char)(0xE0 | (cp >> 12));
            out[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[n++] = (char)(0x80 | (cp & 0x3F));
        }
        else {
            out[n++] = (char)(0xF0 | (cp >> 18));
            out[n++] = (char)(0x80 | ((cp >> 12) & 0x3F));
            out[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[n++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    out[n] = 0;
    return out;
}

int sim_wequal(LPCWSTR a, LPCWSTR b)
{
    if (a == NULL || b == NULL)
        return a == b;
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static WCHAR fold(WCHAR c)
{
    return (c >= 'A' && c <= 'Z') ? (WCHAR)(c - 'A' + 'a') : c;
}

int sim_wequal_nocase(LPCWSTR a, LPCWSTR b)
{
    if (a == NULL || b == NULL)
        return a == b;
    while (*a && fold(*a) == fold(*b)) {
        a++;
        b++;
    }
    return fold(*a) == fold(*b);
}

int sim_wequal_ascii_nocase(LPCWSTR a, const char *b)
{
    if (a == NULL || b == NULL)
        return 0;
    while (*a && *b && fold(*a) == fold((WCHAR)(unsigned char)*b)) {
        a++;
        b++;
    }
    return *a == 0 && *b == 0;
}

void sim_pack_init(sim_pack *p, void *area)
{
    p->next = area;
}

LPCWSTR sim_pack_str(sim_pack *p, LPCWSTR s)
{
    size_t bytes = sim_wbytes(s);
    LPCWSTR placed;

    if (s == NULL)
        return NULL;
    memcpy(p->next, s, bytes);
    placed = (LPCWSTR)(void *)p->next;
    p->next += bytes;
    return placed;
}
