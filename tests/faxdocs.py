"""Test faxes: real multi-page TIFF files built by hand (bilevel,
uncompressed, fax resolution), so the tests need no imaging library."""

import struct

FAX_WIDTH = 1728  # pixels across a standard fax page


def tiff_bytes(pages=1, width=FAX_WIDTH, height=64, big_endian=False):
    """A TIFF with `pages` pages of width x height black-and-white pixels."""
    order = ">" if big_endian else "<"
    row = (width + 7) // 8
    strip = bytes((i * 37 + j) & 0xFF for i in range(height) for j in range(row))
    header = (b"MM" if big_endian else b"II") + struct.pack(order + "HI", 42, 8)
    out = bytearray(header)
    n_tags = 10
    ifd_size = 2 + n_tags * 12 + 4
    for page in range(pages):
        ifd_at = len(out)
        data_at = ifd_at + ifd_size
        res_at = data_at            # two RATIONALs: x and y resolution
        strip_at = res_at + 16
        next_ifd = strip_at + len(strip) if page + 1 < pages else 0

        def tag(code, kind, value):
            if kind == 3:  # SHORT, left-justified in the value field
                return struct.pack(order + "HHIHH", code, 3, 1, value, 0)
            return struct.pack(order + "HHII", code, kind, 1, value)

        tags = [
            tag(256, 4, width),            # ImageWidth
            tag(257, 4, height),           # ImageLength
            tag(258, 3, 1),                # BitsPerSample
            tag(259, 3, 1),                # Compression: none
            tag(262, 3, 0),                # Photometric: white is zero
            tag(273, 4, strip_at),         # StripOffsets
            tag(278, 4, height),           # RowsPerStrip
            tag(279, 4, len(strip)),       # StripByteCounts
            tag(282, 5, res_at),           # XResolution
            tag(283, 5, res_at + 8),       # YResolution
        ]
        out += struct.pack(order + "H", n_tags) + b"".join(tags)
        out += struct.pack(order + "I", next_ifd)
        out += struct.pack(order + "IIII", 204, 1, 196, 1)
        out += strip
    return bytes(out)


def write_tiff(path, pages=1, **kwargs):
    path.write_bytes(tiff_bytes(pages, **kwargs))
    return path
