/* Plain text rendered to fax pages, as Windows renders a .txt document
 * through its print handler (sim_text.c). */
#ifndef SIM_TEXT_H
#define SIM_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Columns per printed line and lines per page. */
#define SIM_TEXT_COLUMNS 80u
#define SIM_TEXT_LINES 60u

/* Renders `text` (UTF-8, or UTF-16 with a byte order mark) to a malloc'd
 * multi-page bilevel TIFF in *out / *out_size and its page count in
 * *pages.  Returns 0, -1 when out of memory, or -2 when the result would
 * not fit the 4 GB a FAX_JOB_ENTRY.Size can state. */
int sim_text_render(const unsigned char *text, size_t size, unsigned char **out,
                    size_t *out_size, uint32_t *pages);

#endif /* SIM_TEXT_H */
