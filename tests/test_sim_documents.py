"""Which documents the simulated service takes, and how it counts their pages.

FaxSendDocument takes "any valid local file name" of "a properly registered
file type"; Windows renders it to TIFF through the type's print handler, found
by the file name's extension.  The simulated machine has two: .tif/.tiff (any
well-formed TIFF, one page per image) and .txt (plain text, 80 columns and 60
lines a page).  Any other type is a file the service "cannot process":
ERROR_INVALID_DATA.
"""

import struct

import pytest

import winfax
from faxdocs import FAX_WIDTH, tiff_bytes, write_tiff
from winfax import CoverPageInfo, JobParam

ERROR_FILE_NOT_FOUND = 2
ERROR_INVALID_DATA = 13
PARAMS = JobParam(recipient_number="555")

# The rendered text page (sim_text.c): Letter at fax fine resolution.
PAGE = (1728, 2156)
LEFT, TOP, CELL, LINE, INK = 104, 98, 19, 32, 20


@pytest.fixture
def server(sim):
    with winfax.connect() as s:
        yield s


def send_text(server, tmp_path, content, name="letter.txt", cover=None):
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return server.get_job(server.send_document(path, PARAMS, cover))


def refused(server, path):
    with pytest.raises(OSError) as info:
        server.send_document(path, PARAMS)
    return info.value.winerror


# ---- plain text ------------------------------------------------------------------

@pytest.mark.parametrize("text, pages", [
    ("", 1),                                    # an empty document prints a page
    ("Hello, fax\n", 1),
    ("line\n" * 60, 1),
    ("line\n" * 61, 2),
    ("line\n" * 60 + "last line without a newline", 2),
    ("line\n" * 180, 3),
    (("x" * 80 + "\n") * 60, 1),                # 80 columns fit on a line
])
def test_text_is_rendered_to_pages_of_60_lines(server, tmp_path, text, pages):
    assert send_text(server, tmp_path, text).page_count == pages


def test_long_lines_wrap_at_80_columns(server, tmp_path):
    assert send_text(server, tmp_path, ("x" * 81 + "\n") * 30).page_count == 1
    assert send_text(server, tmp_path, ("x" * 81 + "\n") * 31).page_count == 2
    assert send_text(server, tmp_path, "x" * 80 * 61).page_count == 2


def test_every_line_ending_counts_and_a_character_is_one_column(server, tmp_path):
    for ending in ("\n", "\r\n", "\r"):
        assert send_text(server, tmp_path, ("a" + ending) * 61).page_count == 2, repr(ending)
    # Multi-byte UTF-8 characters take one column each.
    assert send_text(server, tmp_path, ("\u00e9" * 80 + "\n") * 60).page_count == 1
    assert send_text(server, tmp_path, ("\u00e9" * 81 + "\n") * 60).page_count == 2
    # UTF-16 with its byte order mark, either byte order.
    text = "\u6771\u4eac\n" * 61
    for encoding in ("utf-16-le", "utf-16-be"):
        bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
        assert send_text(server, tmp_path, bom + text.encode(encoding)).page_count == 2
    # A tab goes to the next multiple of 8 columns; one past column 80 wraps.
    assert send_text(server, tmp_path, ("\t" * 9 + "x\n") * 60).page_count == 1
    assert send_text(server, tmp_path, ("\t" * 10 + "x\n") * 31).page_count == 2


def test_the_extension_is_read_without_case(server, tmp_path):
    assert send_text(server, tmp_path, "hi\n", name="LETTER.TXT").page_count == 1


def test_a_text_job_is_a_tiff_in_the_queue(sim, server, tmp_path):
    job = send_text(server, tmp_path, "Hello world\n" + "line\n" * 70)
    assert job.page_count == 2
    assert job.size > 0      # the rendered document's size, not the text's
    data, width, height = server.page_data(job.job_id)
    assert (width, height) == PAGE
    assert data[:4] == b"II*\x00"
    rows = first_page_rows(data)
    assert len(rows) == height
    # "Hello world": two words as bars in the first line's band.
    assert black(rows[TOP], LEFT, LEFT + 5 * CELL - 5)
    assert white(rows[TOP], LEFT + 5 * CELL - 5, LEFT + 6 * CELL)
    assert black(rows[TOP + INK - 1], LEFT + 6 * CELL, LEFT + 11 * CELL - 5)
    assert white(rows[TOP], LEFT + 11 * CELL, width)
    assert not any(rows[TOP - 1]) and not any(rows[TOP + INK])
    sim.run_queue()
    assert sim.job_count() == 0


def test_a_text_job_with_a_cover_page_and_a_broadcast(server, tmp_path):
    cover = CoverPageInfo(use_server_cover_page=True, cover_page_name="generic")
    assert send_text(server, tmp_path, "line\n" * 61, cover=cover).page_count == 3
    path = tmp_path / "memo.txt"
    path.write_text("memo\n" * 121)
    server.send_broadcast(path, [JobParam(recipient_number="1"), JobParam(recipient_number="2")])
    assert [j.page_count for j in server.jobs()][-2:] == [3, 3]


# ---- TIFF --------------------------------------------------------------------------

def colour_tiff(width=4, height=2):
    """An RGB TIFF (8 bits a sample), as a scanner or camera writes one."""
    strip = bytes(range(width * height * 3))
    tags = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 3, 122), (259, 3, 1, 1),
            (262, 3, 1, 2), (273, 4, 1, 128), (277, 3, 1, 3), (278, 4, 1, height),
            (279, 4, 1, len(strip))]
    out = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", len(tags))
    for tag, kind, count, value in tags:
        out += struct.pack("<HHI", tag, kind, count)
        out += struct.pack("<HH", value, 0) if kind == 3 and count == 1 else struct.pack(
            "<I", value)
    out += struct.pack("<I", 0)
    out += struct.pack("<HHH", 8, 8, 8)
    assert len(out) == 128
    return out + strip


def test_any_tiff_is_taken_colour_included(server, tmp_path):
    # The TIFF print handler renders a colour image to the fax printer on
    # Windows; the simulator takes it as it is, one page per image.
    path = tmp_path / "photo.tif"
    path.write_bytes(colour_tiff())
    assert server.get_job(server.send_document(path, PARAMS)).page_count == 1
    path = write_tiff(tmp_path / "scan.TIFF", pages=3)
    assert server.get_job(server.send_document(path, PARAMS)).page_count == 3


# ---- types without a print handler -------------------------------------------------

@pytest.mark.parametrize("name", ["report.pdf", "letter.docx", "README", "fax.tif.bak",
                                  "archive.d/fax"])
def test_a_type_without_a_print_handler_cannot_be_processed(server, tmp_path, name):
    path = tmp_path / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(tiff_bytes(pages=1))       # even with a TIFF inside
    assert refused(server, path) == ERROR_INVALID_DATA
    assert server.jobs() == []


def test_a_missing_file_is_missing_whatever_its_type(server, tmp_path):
    assert refused(server, tmp_path / "nothing.pdf") == ERROR_FILE_NOT_FOUND
    assert refused(server, tmp_path / "nothing.txt") == ERROR_FILE_NOT_FOUND


def test_a_broadcast_of_an_unregistered_type_calls_no_one(server, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7")
    called = []

    def recipients():
        called.append(1)
        yield JobParam(recipient_number="1")

    with pytest.raises(OSError) as info:
        server.send_broadcast(path, recipients())
    assert info.value.winerror == ERROR_INVALID_DATA
    # The document is checked first: no recipient was asked for.
    assert called == [] and server.jobs() == []


# ---- reading the rendered page --------------------------------------------------------

def first_page_rows(data):
    """The rows of the first image of a little-endian PackBits TIFF."""
    (ifd,) = struct.unpack_from("<I", data, 4)
    (count,) = struct.unpack_from("<H", data, ifd)
    tags = {}
    for i in range(count):
        tag, _, _, value = struct.unpack_from("<HHII", data, ifd + 2 + 12 * i)
        tags[tag] = value & 0xFFFF if tag in (259, 262) else value
    assert tags[259] == 32773 and tags[262] == 0 and tags[256] == FAX_WIDTH
    packed = data[tags[273]:tags[273] + tags[279]]
    raw = bytearray()
    i = 0
    while i < len(packed):
        n = packed[i]
        if n < 128:
            raw += packed[i + 1:i + 2 + n]
            i += 2 + n
        else:
            raw += bytes([packed[i + 1]]) * (257 - n)
            i += 2
    row = FAX_WIDTH // 8
    return [raw[y * row:(y + 1) * row] for y in range(len(raw) // row)]


def pixel(row, x):
    return row[x // 8] >> (7 - x % 8) & 1


def black(row, start, stop):
    return all(pixel(row, x) for x in range(start, stop))


def white(row, start, stop):
    return not any(pixel(row, x) for x in range(start, stop))
