/* TIFF structure checks; see sim_tiff.h.  A TIFF starts with "II*\0"
 * (little-endian) or "MM\0*" (big-endian) and the offset of the first
 * image file directory (IFD); each IFD is a 2-byte entry count, 12-byte
 * entries, and the 4-byte offset of the next IFD (0 ends the chain). */
#include "sim_tiff.h"

#include <string.h>

#define TAG_IMAGE_WIDTH 256
#define TAG_IMAGE_LENGTH 257
#define TYPE_SHORT 3
#define TYPE_LONG 4
#define IFD_ENTRY_SIZE 12u
/* The smallest IFD: a count of zero and the next link. */
#define MIN_IFD_SIZE 6u

static uint32_t get16(const unsigned char *p, int be)
{
    return be ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}

static uint32_t get32(const unsigned char *p, int be)
{
    return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
                (uint32_t)p[2] << 8 | p[3]
              : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
                (uint32_t)p[1] << 8 | p[0];
}

/* An entry's single SHORT or LONG value, stored in the entry itself. */
static int entry_value(const unsigned char *e, int be, uint32_t *value)
{
    uint32_t type = get16(e + 2, be), count = get32(e + 4, be);

    if (count != 1)
        return -1;
    if (type == TYPE_SHORT)
        *value = get16(e + 8, be);
    else if (type == TYPE_LONG)
        *value = get32(e + 8, be);
    else
        return -1;
    return 0;
}

int sim_tiff_scan(const unsigned char *data, size_t size, sim_tiff_info *info)
{
    size_t offset, limit;
    int be;

    memset(info, 0, sizeof *info);
    if (size < 8)
        return -1;
    if (memcmp(data, "II*\0", 4) == 0)
        be = 0;
    else if (memcmp(data, "MM\0*", 4) == 0)
        be = 1;
    else
        return -1;
    info->big_endian = be;
    offset = get32(data + 4, be);
    if (offset == 0)
        return -1;      /* a TIFF has at least one image */

    /* A chain longer than the number of IFDs that fit in the data can only
     * be a cycle: stop there instead of following it forever. */
    limit = size / MIN_IFD_SIZE + 1;
    while (offset != 0) {
        uint32_t count;
        size_t end;

        if (info->pages == limit || offset < 8 || offset > size - 2)
            return -1;
        count = get16(data + offset, be);
        end = offset + 2 + (size_t)count * IFD_ENTRY_SIZE;
        if (end > size - 4)
            return -1;
        if (info->pages == 0) {
            for (uint32_t i = 0; i < count; i++) {
                const unsigned char *e = data + offset + 2 + i * IFD_ENTRY_SIZE;
                uint32_t tag = get16(e, be), value;
                if ((tag == TAG_IMAGE_WIDTH || tag == TAG_IMAGE_LENGTH) &&
                    entry_value(e, be, &value) == 0) {
                    if (tag == TAG_IMAGE_WIDTH)
                        info->width = value;
                    else
                        info->height = value;
                }
            }
            if (info->width == 0 || info->height == 0)
                return -1;
            info->first_next_offset = end;
        }
        info->pages++;
        offset = get32(data + end, be);
    }
    return 0;
}

void sim_tiff_first_page(const unsigned char *data, size_t size,
                         const sim_tiff_info *info, unsigned char *out)
{
    memcpy(out, data, size);
    memset(out + info->first_next_offset, 0, 4);
}
