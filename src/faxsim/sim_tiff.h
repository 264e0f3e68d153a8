/* Just enough TIFF (6.0) to count a document's pages and hand out its
 * first page, with every offset checked against the data's length. */
#ifndef SIM_TIFF_H
#define SIM_TIFF_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t pages;
    uint32_t width;            /* ImageWidth of the first page */
    uint32_t height;           /* ImageLength of the first page */
    size_t first_next_offset;  /* where the first IFD's next-IFD link is */
    int big_endian;
} sim_tiff_info;

/* 0 when `data` is a TIFF whose IFD chain is well formed and whose first
 * page states its size; -1 for anything else (not a TIFF, truncated,
 * an IFD pointing outside the data, a cycle in the chain). */
int sim_tiff_scan(const unsigned char *data, size_t size, sim_tiff_info *info);

/* Writes `data` to `out` (same size) as a single-page TIFF: the first
 * IFD's next link becomes 0, so readers stop after page one.  The other
 * pages' bytes remain but nothing refers to them. */
void sim_tiff_first_page(const unsigned char *data, size_t size,
                         const sim_tiff_info *info, unsigned char *out);

#endif /* SIM_TIFF_H */
