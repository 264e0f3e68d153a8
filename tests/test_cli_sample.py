"""The sample fax shipped in the package (winfax/samples/hello.tif, what
`winfax send --sample` sends), and the code that makes it.

Run this file to write the sample again:

    python tests/test_cli_sample.py

It is a TIFF Class F style fax: 3 pages of 1728 x 1143 bilevel pixels at
standard fax resolution (204 x 98 dpi, about A4), compressed with CCITT
Group 3 one-dimensional coding (Modified Huffman, T.4), EOL before each row,
fill bits so that each EOL ends on a byte boundary.  Everything is written by
hand here: a 5x7 bitmap font, the T.4 code tables and the TIFF structure.
The tests decode it again with a decoder built from the same tables and
check the pixels and the TIFF tags; the tables themselves are checked to be
prefix-free and complete, which catches a mistyped code.
"""

import pathlib
import struct
import sys

import pytest

# Where this file writes the sample (the source tree).
SOURCE_SAMPLE = pathlib.Path(__file__).resolve().parent.parent / "winfax" / "samples" / "hello.tif"


def shipped_sample():
    """The sample of the winfax under test: an installed wheel's own copy is
    what ships, so that is the one checked (the source tree's when the tests
    run against the source)."""
    import winfax

    return pathlib.Path(winfax.__file__).parent / "samples" / "hello.tif"

WIDTH = 1728          # pixels across a fax page
HEIGHT = 1143         # rows of an A4 page at 98 lines per inch
PAGES = 3

# ---- a 5x7 font, just the characters the sample says --------------------

FONT = {
    "A": ".###.|#...#|#...#|#####|#...#|#...#|#...#",
    "D": "####.|#...#|#...#|#...#|#...#|#...#|####.",
    "E": "#####|#....|#....|####.|#....|#....|#####",
    "F": "#####|#....|#....|####.|#....|#....|#....",
    "G": ".###.|#...#|#....|#.###|#...#|#...#|.###.",
    "H": "#...#|#...#|#...#|#####|#...#|#...#|#...#",
    "I": ".###.|..#..|..#..|..#..|..#..|..#..|.###.",
    "L": "#....|#....|#....|#....|#....|#....|#####",
    "M": "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#",
    "N": "#...#|##..#|#.#.#|#..##|#...#|#...#|#...#",
    "O": ".###.|#...#|#...#|#...#|#...#|#...#|.###.",
    "P": "####.|#...#|#...#|####.|#....|#....|#....",
    "R": "####.|#...#|#...#|####.|#.#..|#..#.|#...#",
    "S": ".####|#....|#....|.###.|....#|....#|####.",
    "T": "#####|..#..|..#..|..#..|..#..|..#..|..#..",
    "W": "#...#|#...#|#...#|#.#.#|#.#.#|##.##|#...#",
    "X": "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#",
    "1": "..#..|.##..|..#..|..#..|..#..|..#..|.###.",
    "2": ".###.|#...#|....#|...#.|..#..|.#...|#####",
    "3": "####.|....#|....#|.###.|....#|....#|####.",
    " ": ".....|.....|.....|.....|.....|.....|.....",
}


def blank_page():
    return [bytearray(WIDTH) for _ in range(HEIGHT)]


def fill(page, x0, y0, x1, y1):
    for y in range(max(y0, 0), min(y1, HEIGHT)):
        row = page[y]
        row[max(x0, 0):min(x1, WIDTH)] = b"\x01" * (min(x1, WIDTH) - max(x0, 0))


def text(page, x, y, words, sx, sy):
    """Draw `words` with its top-left corner at (x, y); each font pixel is
    sx x sy fax pixels (sy = sx / 2 looks square at 204 x 98 dpi)."""
    for char in words:
        for r, line in enumerate(FONT[char].split("|")):
            for c, dot in enumerate(line):
                if dot == "#":
                    fill(page, x + c * sx, y + r * sy, x + (c + 1) * sx, y + (r + 1) * sy)
        x += 6 * sx


def centred(page, y, words, sx, sy):
    text(page, (WIDTH - (6 * len(words) - 1) * sx) // 2, y, words, sx, sy)


def frame(page, margin=96, thick=6):
    top, bottom = margin // 2, HEIGHT - margin // 2
    fill(page, margin, top, WIDTH - margin, top + thick // 2)
    fill(page, margin, bottom - thick // 2, WIDTH - margin, bottom)
    fill(page, margin, top, margin + thick, bottom)
    fill(page, WIDTH - margin - thick, top, WIDTH - margin, bottom)


def pages():
    """The three pages as lists of rows of 0 (white) / 1 (black) bytes."""
    out = []
    for number in range(1, PAGES + 1):
        page = blank_page()
        frame(page)
        centred(page, 110, "WINFAX", 32, 16)
        if number == 1:
            centred(page, 380, "HELLO FROM WINFAX", 12, 6)
            centred(page, 480, "THIS IS A TEST FAX", 12, 6)
        elif number == 2:
            # A test pattern: bars of every width from 1 to 24 pixels, then
            # a checkerboard, so that many run lengths are coded.
            x = 200
            for w in range(1, 25):
                fill(page, x, 360, x + w, 560)
                x += 2 * w + 8
            for cy in range(8):
                for cx in range(16):
                    if (cx + cy) % 2 == 0:
                        fill(page, 480 + cx * 48, 600 + cy * 24, 480 + (cx + 1) * 48,
                             600 + (cy + 1) * 24)
        else:
            centred(page, 420, "THE END", 16, 8)
        centred(page, HEIGHT - 200, f"PAGE {number} OF {PAGES}", 10, 5)
        out.append(page)
    return out


# ---- T.4 Modified Huffman codes (ITU-T T.4, tables 2 and 3) -------------

WHITE_TERMINATING = (
    "00110101 000111 0111 1000 1011 1100 1110 1111 10011 10100 00111 01000 001000 000011 "
    "110100 110101 101010 101011 0100111 0001100 0001000 0010111 0000011 0000100 0101000 "
    "0101011 0010011 0100100 0011000 00000010 00000011 00011010 00011011 00010010 00010011 "
    "00010100 00010101 00010110 00010111 00101000 00101001 00101010 00101011 00101100 "
    "00101101 00000100 00000101 00001010 00001011 01010010 01010011 01010100 01010101 "
    "00100100 00100101 01011000 01011001 01011010 01011011 01001010 01001011 00110010 "
    "00110011 00110100").split()
BLACK_TERMINATING = (
    "0000110111 010 11 10 011 0011 0010 00011 000101 000100 0000100 0000101 0000111 "
    "00000100 00000111 000011000 0000010111 0000011000 0000001000 00001100111 00001101000 "
    "00001101100 00000110111 00000101000 00000010111 00000011000 000011001010 000011001011 "
    "000011001100 000011001101 000001101000 000001101001 000001101010 000001101011 "
    "000011010010 000011010011 000011010100 000011010101 000011010110 000011010111 "
    "000001101100 000001101101 000011011010 000011011011 000001010100 000001010101 "
    "000001010110 000001010111 000001100100 000001100101 000001010010 000001010011 "
    "000000100100 000000110111 000000111000 000000100111 000000101000 000001011000 "
    "000001011001 000000101011 000000101100 000001011010 000001100110 000001100111").split()
WHITE_MAKEUP = (  # 64, 128, ... 1728
    "11011 10010 010111 0110111 00110110 00110111 01100100 01100101 01101000 01100111 "
    "011001100 011001101 011010010 011010011 011010100 011010101 011010110 011010111 "
    "011011000 011011001 011011010 011011011 010011000 010011001 010011010 011000 "
    "010011011").split()
BLACK_MAKEUP = (
    "0000001111 000011001000 000011001001 000001011011 000000110011 000000110100 "
    "000000110101 0000001101100 0000001101101 0000001001010 0000001001011 0000001001100 "
    "0000001001101 0000001110010 0000001110011 0000001110100 0000001110101 0000001110110 "
    "0000001110111 0000001010010 0000001010011 0000001010100 0000001010101 0000001011010 "
    "0000001011011 0000001100100 0000001100101").split()
EOL = "000000000001"


def code_table(terminating, makeup):
    table = {run: code for run, code in enumerate(terminating)}
    table.update({64 * (i + 1): code for i, code in enumerate(makeup)})
    return table


CODES = (code_table(WHITE_TERMINATING, WHITE_MAKEUP), code_table(BLACK_TERMINATING, BLACK_MAKEUP))


class BitWriter:
    def __init__(self):
        self.bits = []

    def put(self, code):
        self.bits.extend(code)

    def eol(self):
        # Fill bits: the EOL ends on a byte boundary (T4Options bit 2).
        self.bits.extend("0" * ((-len(self.bits) - len(EOL)) % 8))
        self.bits.extend(EOL)

    def data(self):
        bits = "".join(self.bits)
        bits += "0" * (-len(bits) % 8)
        return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))


def runs(row):
    """Alternating run lengths of a row, starting with white (maybe 0)."""
    out, colour, length = [], 0, 0
    for pixel in row:
        if pixel == colour:
            length += 1
        else:
            out.append(length)
            colour, length = pixel, 1
    out.append(length)
    return out


def encode_page(page):
    writer = BitWriter()
    for row in page:
        writer.eol()
        for i, run in enumerate(runs(row)):
            table = CODES[i % 2]
            if run >= 64:
                writer.put(table[run // 64 * 64])
            writer.put(table[run % 64])
    return writer.data()


def decode_page(data, rows):
    """T.4 1-D decoder from the same tables (EOLs with fill bits)."""
    bits = "".join(f"{byte:08b}" for byte in data)
    lookup = [{code: run for run, code in CODES[c].items()} for c in (0, 1)]
    pos, out = 0, []
    for _ in range(rows):
        # skip fill bits and the EOL
        while bits[pos] == "0":
            pos += 1
        pos += 1
        row, colour, makeup = bytearray(), 0, False
        while len(row) < WIDTH or makeup:
            code = ""
            while code not in lookup[colour]:
                code += bits[pos]
                pos += 1
                if len(code) > 13:
                    raise ValueError(f"bad code at bit {pos}")
            run = lookup[colour][code]
            row += bytes([colour]) * run
            makeup = run >= 64
            if not makeup:
                colour ^= 1
        if len(row) != WIDTH:
            raise ValueError("row overflow")
        out.append(row)
    return out


# ---- TIFF ----------------------------------------------------------------

SHORT, LONG, RATIONAL = 3, 4, 5


def tiff(encoded_pages):
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    for number, strip in enumerate(encoded_pages):
        tags = []
        ifd_at = len(out)
        n_tags = 16
        ifd_size = 2 + 12 * n_tags + 4
        res_at = ifd_at + ifd_size
        strip_at = res_at + 16
        last = number + 1 == len(encoded_pages)
        next_ifd = 0 if last else strip_at + len(strip) + (len(strip) & 1)

        def tag(code, kind, value, count=1, tags=tags):
            if kind == SHORT and count == 1:
                tags.append(struct.pack("<HHIHH", code, SHORT, 1, value, 0))
            elif kind == SHORT:
                tags.append(struct.pack("<HHIHH", code, SHORT, count, *value))
            else:
                tags.append(struct.pack("<HHII", code, kind, count, value))

        tag(254, LONG, 2)                   # NewSubfileType: a page of a document
        tag(256, LONG, WIDTH)               # ImageWidth
        tag(257, LONG, HEIGHT)              # ImageLength
        tag(258, SHORT, 1)                  # BitsPerSample
        tag(259, SHORT, 3)                  # Compression: CCITT T.4 (Group 3)
        tag(262, SHORT, 0)                  # PhotometricInterpretation: white is zero
        tag(266, SHORT, 1)                  # FillOrder: most significant bit first
        tag(273, LONG, strip_at)            # StripOffsets
        tag(277, SHORT, 1)                  # SamplesPerPixel
        tag(278, LONG, HEIGHT)              # RowsPerStrip: one strip per page
        tag(279, LONG, len(strip))          # StripByteCounts
        tag(282, RATIONAL, res_at)          # XResolution 204
        tag(283, RATIONAL, res_at + 8)      # YResolution 98
        tag(292, LONG, 4)                   # T4Options: 1-D, fill bits before EOL
        tag(296, SHORT, 2)                  # ResolutionUnit: inch
        tag(297, SHORT, (number, len(encoded_pages)), 2)   # PageNumber
        assert len(tags) == n_tags
        out += struct.pack("<H", n_tags) + b"".join(tags) + struct.pack("<I", next_ifd)
        out += struct.pack("<IIII", 204, 1, 98, 1)
        out += strip
        if not last and len(strip) & 1:
            out += b"\x00"                  # IFDs start on a word boundary
    return bytes(out)


def make_sample():
    return tiff([encode_page(page) for page in pages()])


def read_ifds(data):
    """[(tags {code: (type, count, value-or-offset)})] of a little-endian TIFF."""
    assert data[:4] == b"II*\x00"
    offset = struct.unpack_from("<I", data, 4)[0]
    ifds = []
    while offset:
        (count,) = struct.unpack_from("<H", data, offset)
        tags = {}
        for i in range(count):
            code, kind, n, value = struct.unpack_from("<HHII", data, offset + 2 + 12 * i)
            if kind == SHORT and n == 1:
                value &= 0xFFFF
            tags[code] = (kind, n, value)
        ifds.append(tags)
        offset = struct.unpack_from("<I", data, offset + 2 + 12 * count)[0]
    return ifds


# ---- tests ---------------------------------------------------------------

@pytest.mark.parametrize("colour", [0, 1])
def test_code_tables_are_complete_and_prefix_free(colour):
    table = CODES[colour]
    assert sorted(table) == list(range(64)) + list(range(64, 1729, 64))
    codes = sorted(table.values()) + [EOL]
    assert len(set(codes)) == len(codes)
    for a in codes:
        for b in codes:
            assert a == b or not b.startswith(a), (a, b)
        assert set(a) <= {"0", "1"}


def test_the_shipped_sample_is_what_this_file_makes():
    sample = shipped_sample()
    assert sample.exists(), "run `python tests/test_cli_sample.py` to make it"
    assert sample.read_bytes() == make_sample()


def test_the_sample_is_a_three_page_group3_fax():
    data = shipped_sample().read_bytes()
    ifds = read_ifds(data)
    assert len(ifds) == PAGES
    drawn = pages()
    for number, tags in enumerate(ifds):
        assert tags[256][2] == WIDTH and tags[257][2] == HEIGHT
        assert tags[259][2] == 3 and tags[258][2] == 1 and tags[262][2] == 0
        assert tags[297][2] == number | PAGES << 16
        offset, size = tags[273][2], tags[279][2]
        assert decode_page(data[offset:offset + size], HEIGHT) == drawn[number]
    # small enough to ship: Group 3 makes a mostly white page a few KB
    assert len(data) < 64 * 1024


def test_the_simulated_service_accepts_the_sample(sim):
    import winfax

    sample = shipped_sample()
    with winfax.connect() as server:
        job_id = server.send_document(sample, winfax.JobParam(recipient_number="1"))
        job = server.get_job(job_id)
    assert job.page_count == PAGES
    assert job.size == sample.stat().st_size


if __name__ == "__main__":
    SOURCE_SAMPLE.parent.mkdir(exist_ok=True)
    SOURCE_SAMPLE.write_bytes(make_sample())
    print(f"wrote {SOURCE_SAMPLE} ({SOURCE_SAMPLE.stat().st_size} bytes)", file=sys.stderr)
