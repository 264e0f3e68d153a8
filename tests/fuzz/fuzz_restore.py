"""faxsim_restore (the simulator's side of the state store) on damaged input,
under AddressSanitizer and UBSan.

Builds a varied state with the in-place winfax (two devices, sends, a
broadcast, jobs on a line), saves it to a store, writes the faxsim_restore
buffer a unit of work would build from its rows, then compiles
restore_mutations.c with every src/faxsim/*.c (gcc -fsanitize=address,
undefined) and runs it: every truncation of the buffer and 3,000 bit-flipped
copies are restored or refused, each result snapshotted again, and the
documents read back lazily once (faxsim_save).  Run from the repository
root: python tests/fuzz/fuzz_restore.py (needs gcc; about a minute).
"""

import glob
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

import winfax  # noqa: E402
from faxdocs import write_tiff  # noqa: E402
from winfax import _state_store, simulator  # noqa: E402


def restore_buffer(folder):
    simulator.add_port("Second")
    with winfax.connect() as server:
        a = write_tiff(folder / "a.tif", pages=3)
        b = write_tiff(folder / "b.tif", pages=2, height=10)
        for number in ("1", "2", "3"):
            server.send_document(a, winfax.JobParam(recipient_number=number,
                                                    recipient_name="Zoë"))
        server.send_document(b, winfax.JobParam(recipient_number="4"))
        server.send_broadcast(b, [winfax.JobParam(recipient_number="5"),
                                  winfax.JobParam(recipient_number="6")])
    simulator.advance(3)
    simulator.save(folder / "state.db")
    store = _state_store.Store(folder / "state.db", create=False)
    store.begin(write=False)
    try:
        service, jobs, documents, _problems = store.read()
    finally:
        store.close(commit=False)
    used = {}
    for _job_id, digest, _record in jobs:
        if digest is not None and digest not in used:
            used[digest] = documents[digest]
    data, _prefix = _state_store.restore_buffer(service, jobs, used, store.folder)
    return data


def main():
    import pathlib
    with tempfile.TemporaryDirectory(prefix="winfax-fuzz-restore-") as name:
        folder = pathlib.Path(name)
        (folder / "restore.bin").write_bytes(restore_buffer(folder))
        harness = folder / "restore_mutations"
        subprocess.run(["gcc", "-std=c11", "-D_GNU_SOURCE", "-g", "-O1",
                        "-fsanitize=address,undefined", "-fno-sanitize-recover=undefined",
                        "-I" + os.path.join(ROOT, "src", "faxsim"),
                        "-I" + os.path.join(ROOT, "src"),
                        "-o", str(harness), os.path.join(os.path.dirname(__file__),
                                                         "restore_mutations.c"),
                        *sorted(glob.glob(os.path.join(ROOT, "src", "faxsim", "*.c"))),
                        "-lpthread", "-lm"], check=True)
        env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1")
        subprocess.run([str(harness), str(folder / "restore.bin"), str(folder / "out.bin")],
                       check=True, env=env)


if __name__ == "__main__":
    main()
