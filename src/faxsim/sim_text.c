/* A plain text document rendered to fax pages.
 *
 * FaxSendDocument takes "any valid local file name" of "a properly
 * registered file type" (https://learn.microsoft.com/en-us/windows/win32/api/winfax/nf-winfax-faxsenddocumentw);
 * the client renders it to a temporary TIFF by calling ShellExecuteEx with
 * the type's PrintTo verb (https://learn.microsoft.com/en-us/previous-versions/windows/desktop/fax/-mfax-about-sending-a-fax).
 * For .txt that is Notepad on a stock Windows.  How many pages Notepad
 * prints depends on its font, margins and paper; the simulator stands in
 * with a typewriter page: SIM_TEXT_COLUMNS columns (longer lines wrap, a tab
 * goes to the next multiple of 8), SIM_TEXT_LINES lines a page, at least
 * one page.  Glyphs are not drawn: each word is a black bar where its
 * characters would be ("greeked" text), so the page shows the text's
 * layout at a glance and stays small (PackBits compression).
 *
 * The page is Letter at fax fine resolution: 1728 x 2156 pixels,
 * 204 x 196 dpi, one bit a pixel, white is zero. */
#include "sim_text.h"

#include <stdlib.h>
#include <string.h>

#define PAGE_WIDTH 1728u
#define PAGE_HEIGHT 2156u
#define ROW_BYTES (PAGE_WIDTH / 8u)
#define X_DPI 204u
#define Y_DPI 196u
#define LEFT_MARGIN 104u        /* pixels, each side: 80 cells fill the rest */
#define TOP_MARGIN 98u          /* half an inch */
#define CELL_WIDTH 19u
#define LINE_HEIGHT 32u
#define INK_HEIGHT 20u          /* rows of a line that carry its words */
#define WORD_GAP 5u             /* white pixels after a word's last cell */
#define TAB_STOP 8u
#define IFD_ENTRIES 14u
#define MAX_TIFF_SIZE 0xFFFFFFFFull

/* One printed line: which of its columns carry ink. */
typedef struct {
    unsigned char ink[(SIM_TEXT_COLUMNS + 7) / 8];
} text_line;

typedef struct {
    text_line *lines;
    size_t count;
    size_t capacity;
    text_line current;
    unsigned column;
} layout;

static int end_line(layout *l)
{
    if (l->count == l->capacity) {
        size_t capacity = l->capacity ? l->capacity * 2 : 64;
        text_line *lines = realloc(l->lines, capacity * sizeof *lines);
        if (lines == NULL)
            return -1;
        l->lines = lines;
        l->capacity = capacity;
    }
    l->lines[l->count++] = l->current;
    memset(&l->current, 0, sizeof l->current);
    l->column = 0;
    return 0;
}

/* One character of the text: 0, or -1 when out of memory. */
static int put_char(layout *l, uint32_t c, int *after_cr)
{
    int was_cr = *after_cr;

    *after_cr = c == '\r';
    if (c == '\n' && was_cr)
        return 0;                       /* the LF of a CR LF */
    if (c == '\r' || c == '\n')
        return end_line(l);
    if (c == '\t') {
        unsigned next = (l->column / TAB_STOP + 1) * TAB_STOP;
        if (next >= SIM_TEXT_COLUMNS)
            return end_line(l);
        l->column = next;
        return 0;
    }
    if (l->column == SIM_TEXT_COLUMNS && end_line(l) != 0)
        return -1;
    if (c != ' ' && c != 0xA0 && c != 0x3000)
        l->current.ink[l->column / 8] |= (unsigned char)(0x80u >> (l->column % 8));
    l->column++;
    return 0;
}

/* Splits the text into printed lines.  Each character takes one column,
 * whatever its width; a byte sequence that is not valid UTF-8 still
 * takes a column per lead byte. */
static int lay_out(const unsigned char *text, size_t size, layout *l)
{
    int after_cr = 0, big_endian;
    size_t i = 0;

    if (size >= 2 && ((text[0] == 0xFF && text[1] == 0xFE) ||
                      (text[0] == 0xFE && text[1] == 0xFF))) {
        big_endian = text[0] == 0xFE;
        for (i = 2; i + 1 < size; i += 2) {
            uint32_t unit = big_endian ? (uint32_t)text[i] << 8 | text[i + 1]
                                       : (uint32_t)text[i + 1] << 8 | text[i];
            if (unit >= 0xDC00 && unit <= 0xDFFF)
                continue;               /* second half of a surrogate pair */
            if (put_char(l, unit, &after_cr) != 0)
                return -1;
        }
    }
    else {
        if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
            i = 3;
        for (; i < size; i++) {
            if (text[i] >= 0x80 && text[i] <= 0xBF)
                continue;               /* continuation byte */
            if (put_char(l, text[i], &after_cr) != 0)
                return -1;
        }
    }
    /* A last line without its newline still prints. */
    if (l->column > 0)
        return end_line(l);
    return 0;
}

/* PackBits (TIFF compression 32773): runs of 2..128 equal bytes as a
 * count and the byte, anything else as literal stretches of up to 128.
 * `out` holds n + n / 128 + 1 bytes. */
static size_t packbits(const unsigned char *in, size_t n, unsigned char *out)
{
    size_t i = 0, o = 0;

    while (i < n) {
        size_t run = 1, start, length = 0;

        while (i + run < n && run < 128 && in[i + run] == in[i])
            run++;
        if (run >= 2) {
            out[o++] = (unsigned char)(257 - run);
            out[o++] = in[i];
            i += run;
            continue;
        }
        start = i;
        while (i < n && length < 128 && !(i + 1 < n && in[i] == in[i + 1])) {
            i++;
            length++;
        }
        out[o++] = (unsigned char)(length - 1);
        memcpy(out + o, in + start, length);
        o += length;
    }
    return o;
}

static void set_pixels(unsigned char *row, unsigned from, unsigned to)
{
    for (unsigned x = from; x < to; x++)
        row[x / 8] |= (unsigned char)(0x80u >> (x % 8));
}

/* The packed row that draws `line`'s words. */
static size_t line_row(const text_line *line, unsigned char *packed)
{
    unsigned char row[ROW_BYTES];
    unsigned c = 0;

    memset(row, 0, sizeof row);
    while (c < SIM_TEXT_COLUMNS) {
        unsigned first;
        if (!(line->ink[c / 8] & (0x80u >> (c % 8)))) {
            c++;
            continue;
        }
        first = c;
        while (c < SIM_TEXT_COLUMNS && (line->ink[c / 8] & (0x80u >> (c % 8))))
            c++;
        set_pixels(row, LEFT_MARGIN + first * CELL_WIDTH,
                   LEFT_MARGIN + c * CELL_WIDTH - WORD_GAP);
    }
    return packbits(row, sizeof row, packed);
}

typedef struct {
    unsigned char *data;
    size_t size;
    size_t capacity;
} buffer;

static int reserve(buffer *b, size_t more)
{
    size_t capacity = b->capacity ? b->capacity : 65536;
    unsigned char *data;

    if (b->size + more <= b->capacity)
        return 0;
    if (more > SIZE_MAX - b->size)
        return -1;
    while (capacity < b->size + more)
        capacity = capacity <= SIZE_MAX / 2 ? capacity * 2 : b->size + more;
    data = realloc(b->data, capacity);
    if (data == NULL)
        return -1;
    b->data = data;
    b->capacity = capacity;
    return 0;
}

static void put16(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v & 0xFFFFu);
    put16(p + 2, v >> 16);
}

/* Appends `n` bytes (NULL: zeros). */
static int append(buffer *b, const void *bytes, size_t n)
{
    if (reserve(b, n) != 0)
        return -1;
    if (bytes != NULL)
        memcpy(b->data + b->size, bytes, n);
    else
        memset(b->data + b->size, 0, n);
    b->size += n;
    return 0;
}

#define TYPE_SHORT 3u
#define TYPE_LONG 4u
#define TYPE_RATIONAL 5u

static unsigned char *entry(unsigned char *e, uint32_t tag, uint32_t type,
                            uint32_t count, uint32_t value)
{
    put16(e, tag);
    put16(e + 2, type);
    put32(e + 4, count);
    put32(e + 8, value);    /* a SHORT sits in the first two bytes */
    return e + 12;
}

/* The page's image file directory, after its strip; `link` is where the
 * previous IFD's next-IFD offset goes. */
static int append_ifd(buffer *b, size_t *link, size_t strip, size_t strip_size,
                      uint32_t page, uint32_t pages)
{
    size_t ifd, rationals;
    unsigned char *e;

    if (b->size % 2 != 0 && append(b, NULL, 1) != 0)
        return -1;      /* IFDs start on a word boundary */
    ifd = b->size;
    rationals = ifd + 2 + IFD_ENTRIES * 12 + 4;
    if (append(b, NULL, rationals + 16 - ifd) != 0)
        return -1;
    put32(b->data + *link, (uint32_t)ifd);
    put16(b->data + ifd, IFD_ENTRIES);
    e = b->data + ifd + 2;
    e = entry(e, 254, TYPE_LONG, 1, 2);                 /* one page of many */
    e = entry(e, 256, TYPE_LONG, 1, PAGE_WIDTH);
    e = entry(e, 257, TYPE_LONG, 1, PAGE_HEIGHT);
    e = entry(e, 258, TYPE_SHORT, 1, 1);                /* bits per sample */
    e = entry(e, 259, TYPE_SHORT, 1, 32773);            /* PackBits */
    e = entry(e, 262, TYPE_SHORT, 1, 0);                /* white is zero */
    e = entry(e, 273, TYPE_LONG, 1, (uint32_t)strip);
    e = entry(e, 277, TYPE_SHORT, 1, 1);                /* samples per pixel */
    e = entry(e, 278, TYPE_LONG, 1, PAGE_HEIGHT);       /* one strip */
    e = entry(e, 279, TYPE_LONG, 1, (uint32_t)strip_size);
    e = entry(e, 282, TYPE_RATIONAL, 1, (uint32_t)rationals);
    e = entry(e, 283, TYPE_RATIONAL, 1, (uint32_t)rationals + 8);
    e = entry(e, 296, TYPE_SHORT, 1, 2);                /* inches */
    /* PageNumber: two SHORTs, this page (from 0) and the page count. */
    e = entry(e, 297, TYPE_SHORT, 2, (page & 0xFFFFu) | (pages & 0xFFFFu) << 16);
    *link = (size_t)(e - b->data);                      /* next IFD: 0 for now */
    put32(b->data + rationals, X_DPI);
    put32(b->data + rationals + 4, 1);
    put32(b->data + rationals + 8, Y_DPI);
    put32(b->data + rationals + 12, 1);
    return 0;
}

static int append_page(buffer *b, const text_line *lines, size_t count,
                       const unsigned char *blank, size_t blank_size)
{
    unsigned char packed[ROW_BYTES + ROW_BYTES / 128 + 1];

    for (unsigned y = 0; y < PAGE_HEIGHT;) {
        size_t line = y >= TOP_MARGIN ? (y - TOP_MARGIN) / LINE_HEIGHT : count;
        if (line < count && (y - TOP_MARGIN) % LINE_HEIGHT == 0) {
            size_t n = line_row(&lines[line], packed);
            for (unsigned r = 0; r < INK_HEIGHT; r++)
                if (append(b, packed, n) != 0)
                    return -1;
            y += INK_HEIGHT;
            continue;
        }
        if (append(b, blank, blank_size) != 0)
            return -1;
        y++;
    }
    return 0;
}

int sim_text_render(const unsigned char *text, size_t size, unsigned char **out,
                    size_t *out_size, uint32_t *pages)
{
    unsigned char blank_row[ROW_BYTES], blank[ROW_BYTES + ROW_BYTES / 128 + 1];
    layout l = {0};
    buffer b = {0};
    size_t blank_size, link = 4, needed;
    uint32_t total;
    int rc = -1;

    *out = NULL;
    if (lay_out(text, size, &l) != 0)
        goto done;
    /* The text is at most 4 GB (sim_document.c reads no more), so its page
     * count fits 32 bits; the TIFF's own 4 GB is checked page by page.  An
     * empty document still prints a page. */
    needed = (l.count + SIM_TEXT_LINES - 1) / SIM_TEXT_LINES;
    total = needed > 0 ? (uint32_t)needed : 1u;
    memset(blank_row, 0, sizeof blank_row);
    blank_size = packbits(blank_row, sizeof blank_row, blank);
    if (append(&b, "II*\0\0\0\0\0", 8) != 0)
        goto done;
    for (uint32_t p = 0; p < total; p++) {
        size_t first = (size_t)p * SIM_TEXT_LINES, strip = b.size;
        size_t count = l.count - first < SIM_TEXT_LINES ? l.count - first : SIM_TEXT_LINES;
        if (l.count <= first)
            count = 0;
        if (append_page(&b, l.lines + first, count, blank, blank_size) != 0 ||
            append_ifd(&b, &link, strip, b.size - strip, p, total) != 0)
            goto done;
#if SIZE_MAX > 0xFFFFFFFFu
        /* (A 32-bit process runs out of memory before this.) */
        if (b.size > MAX_TIFF_SIZE) {
            rc = -2;
            goto done;
        }
#endif
    }
    *out = b.data;
    *out_size = b.size;
    *pages = total;
    b.data = NULL;
    rc = 0;
done:
    free(b.data);
    free(l.lines);
    return rc;
}
