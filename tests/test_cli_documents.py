"""`winfax send` leaves the document's type to the fax service: Windows renders
any type that has a print handler there, the simulator .tif and .txt.  The
command only checks that the file exists and can be read."""

import pytest

from test_cli import NUMBER, run, run_json, state  # noqa: F401 (fixture)
from test_cli_errors import winfax_in_process  # noqa: F401 (fixture)
from winfax.cli import validate
from winfax.cli.errors import CliError

from conftest import needs_simulator


@pytest.mark.parametrize("name", ["letter.docx", "report.pdf", "notes.txt", "README"])
def test_the_command_takes_any_readable_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"not a TIFF")
    assert validate.fax_document(str(path)) == str(path)


def test_the_command_still_refuses_what_is_no_file(tmp_path):
    with pytest.raises(CliError, match="no such file"):
        validate.fax_document(str(tmp_path / "nothing.docx"))
    with pytest.raises(CliError, match="not a file"):
        validate.fax_document(str(tmp_path))


@needs_simulator
def test_plain_text_is_sent_as_the_service_renders_it(state, tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Bob,\n" + "the invoice follows.\n" * 70)
    doc = run_json(state, "send", letter, NUMBER)
    assert doc["job"]["page_count"] == 2 and doc["job"]["document_name"] == "letter.txt"


@needs_simulator
def test_a_type_the_service_cannot_render_is_its_answer(state, tmp_path):
    memo = tmp_path / "memo.docx"
    memo.write_bytes(b"PK\x03\x04")
    _, err = run(state, "send", memo, NUMBER, expect=1)
    assert err == (f"winfax: the fax service cannot turn {memo} into a fax: no program prints "
                   "this type of file there, or the file is damaged (TIFF and plain text "
                   "always work)\n")
    assert run_json(state, "jobs") == []


@needs_simulator
def test_shell_execute_no_association_reads_the_same(sim, winfax_in_process, tmp_path):
    memo = tmp_path / "memo.docx"
    memo.write_bytes(b"PK\x03\x04")
    sim.fail_next("FaxSendDocumentW", 1155)     # ERROR_NO_ASSOCIATION
    status, _, err = winfax_in_process("send", memo, "555")
    assert status == 1 and "cannot turn" in err and "into a fax" in err
