"""The simulator's saved state, in SQLite (winfax.simulator.persistent,
save and load use it).

One database file holds the service record (devices, configuration,
routing, registrations, print jobs, next ids), one row per job and one row
per document; each document's bytes are in a file of its own in the folder
"<state>.documents", named by their SHA-256, written once and read by the
simulator only when something needs the pages.  A unit of work opens a
`BEGIN IMMEDIATE` transaction (SQLite's own lock: other processes wait),
restores the service from the rows and, when it ends, writes the rows that
changed: a command that changed nothing writes nothing.  Every record has a
checksum (sim_snapshot.c): a damaged job row costs that job, a damaged
service record the service's settings, and Restored.lost says which.
"""

import errno as _errno
import os as _os
import pathlib as _pathlib
import sqlite3 as _sqlite3
import struct as _struct
import typing as _typing
from collections.abc import Callable as _Callable
from collections.abc import Container as _Container
from collections.abc import Iterable as _Iterable
from collections.abc import Mapping as _Mapping
from collections.abc import Sequence as _Sequence

# A state file's name (bytes are not one: the documents folder's name is
# the file's plus a str suffix).
StrPath: _typing.TypeAlias = "str | _os.PathLike[str]"
# A path the single-file state functions also take (bytes, as os does).
AnyPath: _typing.TypeAlias = "StrPath | bytes | _os.PathLike[bytes]"
# A job's row: (id, document digest or None, record).
JobRow: _typing.TypeAlias = "tuple[int, str | None, bytes]"
# A document row without its digest: (size, pages, width, height).
DocumentShape: _typing.TypeAlias = "tuple[int, int, int, int]"
# A snapshot's document: (digest, size, pages, width, height).
SnapshotDocument: _typing.TypeAlias = "tuple[str, int, int, int, int]"

_SCHEMA_VERSION = 1
# "WFXS": tells a winfax state from another SQLite database.
_APPLICATION_ID = 0x57465853
_MAGIC = b"WFXSNAP"
_VERSION = 1
_NO_DOCUMENT = 0xFFFFFFFF
_KEY_SIZE = 64
# Transactions wait this long for another process's (seconds).
_WAIT = 24 * 3600.0
# The largest state database read or written, as faxsim_load/faxsim_save
# cap a single-file state (faxsim.h's FAXSIM_STATE_FILE_MAX, the same value;
# simulator.STATE_FILE_MAX is this one): past it the file is refused before
# SQLite reads any of it, so a stray or damaged large file never makes the
# process read all its rows into memory.  The documents' files are apart,
# each checked against its row's size.
STATE_FILE_MAX = 256 * 1024 * 1024

_SCHEMA = """
CREATE TABLE service (id INTEGER PRIMARY KEY CHECK (id = 1), record BLOB NOT NULL);
CREATE TABLE jobs (id INTEGER PRIMARY KEY, document TEXT, record BLOB NOT NULL);
CREATE TABLE documents (digest TEXT PRIMARY KEY, size INTEGER NOT NULL,
                        pages INTEGER NOT NULL, width INTEGER NOT NULL,
                        height INTEGER NOT NULL);
"""


def documents_folder(path: StrPath) -> str:
    return _os.fspath(path) + ".documents"


def damaged(path: StrPath, detail: str) -> OSError:
    return OSError(_errno.EINVAL, "not a winfax simulator state file, or one that is damaged "
                   f"or written by another version of winfax ({detail})", _os.fspath(path))


def too_large(path: AnyPath) -> OSError:
    """The error for a state (database or single file) past STATE_FILE_MAX."""
    return OSError(_errno.EFBIG, f"a simulator state file is at most {STATE_FILE_MAX} bytes",
                   _os.fspath(path))


def _is_temporary(name: str) -> bool:
    return ".tmp." in name


class Snapshot:
    """The parts of a snapshot buffer (sim_snapshot.c's layout)."""

    def __init__(self, data: bytes) -> None:
        view = memoryview(data)
        if bytes(view[:7]) != _MAGIC or _struct.unpack_from("<H", view, 7)[0] != _VERSION:
            raise ValueError("not a simulator snapshot")
        at = 9
        (size,) = _struct.unpack_from("<I", view, at)
        at += 4
        self.service = bytes(view[at:at + size])
        at += size
        (count,) = _struct.unpack_from("<I", view, at)
        at += 4
        jobs: list[tuple[int, int, bytes]] = []    # (id, document index, record)
        for _ in range(count):
            job_id, document, size = _struct.unpack_from("<III", view, at)
            at += 12
            jobs.append((job_id, document, bytes(view[at:at + size])))
            at += size
        (count,) = _struct.unpack_from("<I", view, at)
        at += 4
        self.documents: list[SnapshotDocument] = []
        for _ in range(count):
            key = bytes(view[at:at + _KEY_SIZE]).decode("ascii")
            size, pages, width, height, _path = _struct.unpack_from("<QIIII", view, at + _KEY_SIZE)
            at += _KEY_SIZE + 24
            self.documents.append((key, size, pages, width, height))
        # Job id -> (document digest or None, record).
        self.jobs: dict[int, tuple[str | None, bytes]] = {
            job_id: (None if document == _NO_DOCUMENT else self.documents[document][0], record)
            for job_id, document, record in jobs}


def restore_buffer(service: bytes, jobs: _Sequence[JobRow],
                   documents: _Mapping[str, DocumentShape], folder: str) -> tuple[bytes, bytes]:
    """A faxsim_restore buffer, and its part before the document table
    (what a snapshot of the restored state starts with): `jobs` is [(id,
    digest or None, record)] in id order, `documents` {digest: (size,
    pages, width, height)} in the order the jobs first use them."""
    index: dict[str, int] = {}
    table: list[bytes] = []
    for digest, (size, pages, width, height) in documents.items():
        path = _os.fsencode(_os.path.join(folder, digest))
        index[digest] = len(index)
        table.append(digest.encode("ascii") + _struct.pack("<QIIII", size, pages, width, height,
                                                            len(path)) + path)
    parts = [_MAGIC, _struct.pack("<HI", _VERSION, len(service)), service,
             _struct.pack("<I", len(jobs))]
    for job_id, job_digest, record in jobs:
        document = _NO_DOCUMENT if job_digest is None else index[job_digest]
        parts.append(_struct.pack("<III", job_id, document, len(record)))
        parts.append(record)
    prefix = b"".join(parts)
    return b"".join([prefix, _struct.pack("<I", len(table)), *table]), prefix


class Store:
    """One open state database.  `writable` is False when the file could
    only be opened for reading (a read-only file or folder): loading works,
    saving a change raises PermissionError naming the file."""

    # Set by begin(): whether SQLite's journal was there before it, and
    # whether the database is still empty (no schema yet).
    _journal_before: bool
    fresh: bool

    def __init__(self, path: StrPath, create: bool) -> None:
        self.path = _os.fspath(path)
        self.folder = documents_folder(self.path)
        parent = _os.path.dirname(_os.path.abspath(self.path))
        if not _os.path.isdir(parent):
            # A mistyped --state is an error, not a new folder.
            raise FileNotFoundError(_errno.ENOENT, f"its folder {parent} does not exist "
                                    "(winfax creates the state file, not folders)", parent)
        if _os.path.isdir(self.path):
            raise IsADirectoryError(_errno.EISDIR, _os.strerror(_errno.EISDIR), self.path)
        self.exists = _os.path.exists(self.path)
        if not self.exists and create:
            # Created 0600 by us, not 0644 by SQLite: the state holds fax
            # numbers and documents.
            try:
                _os.close(_os.open(self.path, _os.O_WRONLY | _os.O_CREAT | _os.O_EXCL, 0o600))
            except FileExistsError:
                pass
            self.exists = True
        self.connection: _sqlite3.Connection | None = None
        self.writable = False
        self.loaded_service: bytes | None = None
        self.loaded_jobs: dict[int, tuple[str | None, bytes]] = {}
        self.unchanged_prefix: bytes | None = None
        # Document rows whose file is gone: stored again if used again.
        self.missing_documents: set[str] = set()
        self.stored_documents: set[str] = set()

    # ---- opening and locking -----------------------------------------------

    def _connect(self, read_only: bool) -> _sqlite3.Connection:
        # A URI, for its mode: "rw" never creates the file (we did, 0600),
        # "ro" reads one we may not write.  as_uri() quotes what a URI
        # must not hold and writes a Windows drive as SQLite expects.
        uri = _pathlib.Path(_os.path.abspath(self.path)).as_uri()
        uri += "?mode=ro" if read_only else "?mode=rw"
        try:
            connection = _sqlite3.connect(uri, uri=True, timeout=_WAIT, isolation_level=None,
                                          check_same_thread=False)
        except _sqlite3.Error as error:
            raise _os_error(error, self.path) from error
        # Text as bytes: a damaged row whose blob became text must cost
        # that row, not stop the reading at a decoding error.
        connection.text_factory = bytes
        return connection

    def begin(self, write: bool) -> None:
        """Open the file and start a transaction: with write=True the
        exclusive one (waiting for other processes), falling back to a read
        transaction when the file cannot be written.  Raises OSError
        (errno EFBIG) for a file past STATE_FILE_MAX, before opening it."""
        try:
            size = _os.stat(self.path).st_size
        except OSError:
            size = 0    # SQLite says what is wrong with it
        if size > STATE_FILE_MAX:
            raise too_large(self.path)
        self._journal_before = _os.path.exists(self.path + "-journal")
        if write:
            connection = self._connect(read_only=False)
            try:
                connection.execute("BEGIN IMMEDIATE")
                self.connection, self.writable = connection, True
            except _sqlite3.DatabaseError as error:
                connection.close()
                if not _read_only_error(error):
                    raise _os_error(error, self.path) from error
        if self.connection is None:
            connection = self._connect(read_only=True)
            try:
                connection.execute("BEGIN")
            except _sqlite3.Error as error:
                connection.close()
                raise _os_error(error, self.path) from error
            self.connection = connection
        try:
            self._check_schema()
        except BaseException:
            # Not left holding the lock until the store is collected.
            self.close(commit=False)
            raise

    def _transaction(self) -> _sqlite3.Connection:
        """The connection of the transaction begin() started."""
        if self.connection is None:
            raise RuntimeError("the state store has no transaction: begin() first")
        return self.connection

    def _check_schema(self) -> None:
        c = self._transaction()
        try:
            version = c.execute("PRAGMA user_version").fetchone()[0]
            application = c.execute("PRAGMA application_id").fetchone()[0]
            tables = {bytes(row[0]).decode("utf-8", "replace")
                      for row in c.execute("SELECT name FROM sqlite_master WHERE "
                                           "type = 'table'")}
        except _sqlite3.DatabaseError as error:
            raise damaged(self.path, str(error)) from error
        if not tables and version == 0 and application == 0:
            self.fresh = True
            return
        self.fresh = False
        if application != _APPLICATION_ID or version != _SCHEMA_VERSION or \
                not {"service", "jobs", "documents"} <= tables:
            raise damaged(self.path, "unknown database layout")

    def close(self, commit: bool) -> None:
        connection, self.connection = self.connection, None
        if connection is None:
            return
        try:
            if commit and connection.in_transaction:
                try:
                    connection.execute("COMMIT")
                except _sqlite3.Error as error:
                    raise _os_error(error, self.path) from error
        finally:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            connection.close()

    # ---- reading -----------------------------------------------------------

    def read(self) -> tuple[bytes | None, list[JobRow], dict[str, DocumentShape], list[str]]:
        """(service record or None, [(id, digest, record)], {digest: (size,
        pages, width, height)}, [what could not be read])."""
        problems: list[str] = []
        if self.fresh:
            return None, [], {}, problems
        c = self._transaction()
        service: bytes | None = None
        try:
            row = c.execute("SELECT record FROM service WHERE id = 1").fetchone()
            if row is not None:
                service = row[0] if isinstance(row[0], bytes) else b""
        except _sqlite3.DatabaseError as error:
            problems.append(f"the service settings ({error})")
        documents: dict[str, DocumentShape] = {}
        try:
            for digest, size, pages, width, height in c.execute(
                    "SELECT digest, size, pages, width, height FROM documents"):
                digest = _digest(digest)
                numbers = (size, pages, width, height)
                # A damaged row is a document no job can use.
                if digest is not None and all(type(n) is int and n >= 0 for n in numbers):
                    documents[digest] = numbers
        except _sqlite3.DatabaseError as error:
            problems.append(f"part of the document table ({error})")
        jobs: list[JobRow] = []
        # The document column's value (bytes; anything in a damaged row) ->
        # its digest, "" for one that is not a digest.
        digests: dict[object, str] = {}
        try:
            for job_id, digest, record in c.execute(
                    "SELECT id, document, record FROM jobs ORDER BY id"):
                if not 0 < job_id <= 0xFFFFFFFF:
                    problems.append(f"a job row with the impossible id {job_id}")
                    continue
                # A record that is not bytes is damaged: empty, the
                # simulator drops the job and reports it.
                record = record if isinstance(record, bytes) else b""
                if digest is not None:
                    checked = digests.get(digest)
                    if checked is None:
                        checked = digests[digest] = _digest(digest) or ""
                    digest = checked
                jobs.append((job_id, digest, record))
        except _sqlite3.DatabaseError as error:
            problems.append(f"part of the job table ({error})")
        self.stored_documents = set(documents)
        return service, jobs, documents, problems

    def remember(self, service: bytes | None, jobs: _Iterable[JobRow]) -> None:
        """What the rows hold now, to write only what changes."""
        self.loaded_service = service
        self.loaded_jobs = {job_id: (digest, record) for job_id, digest, record in jobs}

    # ---- writing -----------------------------------------------------------

    def write(self, snapshot: Snapshot,
              store_document: _Callable[[int, str], None]) -> None:
        """Write what differs between the rows and `snapshot` (a Snapshot);
        `store_document(index, path)` writes a document's bytes.  Returns
        the digests of documents no longer used (their files go after the
        commit)."""
        changed_jobs = [(job_id, digest, record)
                        for job_id, (digest, record) in snapshot.jobs.items()
                        if self.loaded_jobs.get(job_id) != (digest, record)]
        gone_jobs = [job_id for job_id in self.loaded_jobs if job_id not in snapshot.jobs]
        used = {digest for digest, _ in snapshot.jobs.values() if digest is not None}
        # The same bytes queued twice are two documents in the simulator
        # and one here: each digest is written once.
        first_uses: dict[str, tuple[int, SnapshotDocument]] = {}
        for index, document in enumerate(snapshot.documents):
            digest = document[0]
            if digest in used and (digest not in self.stored_documents
                                   or digest in self.missing_documents):
                first_uses.setdefault(digest, (index, document))
        new_documents = list(first_uses.values())
        gone_documents = [d for d in self.stored_documents if d not in used]
        if (snapshot.service == self.loaded_service and not changed_jobs and not gone_jobs
                and not new_documents and not gone_documents):
            return
        if not self.writable:
            raise PermissionError(_errno.EACCES, "the simulator state cannot be written "
                                  "(read-only file or folder)", self.path)
        c = self._transaction()
        try:
            if self.fresh:
                for statement in _SCHEMA.strip().split(";"):
                    if statement.strip():
                        c.execute(statement)
                c.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
                c.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
                self.fresh = False
            if new_documents:
                _make_folder(self.folder)
            for index, (digest, size, pages, width, height) in new_documents:
                # The file before its row: a crash leaves a file no row
                # names, which the next unit of work removes.
                store_document(index, _os.path.join(self.folder, digest))
                c.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?)",
                          (digest, size, pages, width, height))
            if snapshot.service != self.loaded_service:
                c.execute("INSERT OR REPLACE INTO service VALUES (1, ?)", (snapshot.service,))
            c.executemany("DELETE FROM jobs WHERE id = ?", [(i,) for i in gone_jobs])
            c.executemany("INSERT OR REPLACE INTO jobs VALUES (?, ?, ?)", changed_jobs)
            c.executemany("DELETE FROM documents WHERE digest = ?",
                          [(d,) for d in gone_documents])
            # Never commit a file begin() would refuse (in the rollback
            # journal mode used here, the file is exactly its pages).
            pages = c.execute("PRAGMA page_count").fetchone()[0]
            page_size = c.execute("PRAGMA page_size").fetchone()[0]
        except _sqlite3.Error as error:
            raise _os_error(error, self.path) from error
        if pages * page_size > STATE_FILE_MAX:
            raise too_large(self.path)

    def clean_documents(self, keep: _Container[str]) -> None:
        """Remove files in the documents folder that no row names: the
        temporary files of a save that was killed, a document written by a
        unit of work that died before its commit, documents no job uses.
        Only while this store holds the write lock (nobody else is
        writing).  Errors are ignored: it is tidying."""
        # A journal left by a process killed before it wrote to the
        # database proper: SQLite rolls back a journal that matters (a hot
        # one) when a transaction begins, as ours did, and while we hold
        # the write lock nobody else writes one.  One that was there before
        # we began and is still there is never read again (a read-only
        # command would otherwise leave it until the next change).
        if self._journal_before and not self.fresh:
            try:
                _os.remove(self.path + "-journal")
            except OSError:
                pass
        try:
            names = _os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if name not in keep or _is_temporary(name):
                try:
                    _os.remove(_os.path.join(self.folder, name))
                except OSError:
                    pass


def _digest(value: object) -> str | None:
    """A document digest from its column, or None if it is not one."""
    if isinstance(value, bytes):
        try:
            value = value.decode("ascii")
        except UnicodeDecodeError:
            return None
    if not isinstance(value, str) or len(value) != _KEY_SIZE or \
            value.strip("0123456789abcdef"):
        return None
    return value


def _make_folder(folder: str) -> None:
    try:
        _os.mkdir(folder, 0o700)
    except FileExistsError:
        return
    _os.chmod(folder, 0o700)


def _read_only_error(error: _sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    readonly = getattr(_sqlite3, "SQLITE_READONLY", 8)
    cantopen = getattr(_sqlite3, "SQLITE_CANTOPEN", 14)
    if code is not None:
        return code & 0xFF in (readonly, cantopen)
    text = str(error)
    return "readonly" in text or "unable to open" in text


def _os_error(error: _sqlite3.Error, path: str) -> OSError:
    """An OSError about `path` for an sqlite3 error."""
    code = getattr(error, "sqlite_errorcode", None)
    text = str(error)
    primary = None if code is None else code & 0xFF
    if primary in (8, 3) or "readonly" in text:          # SQLITE_READONLY, SQLITE_PERM
        return PermissionError(_errno.EACCES, "the simulator state cannot be written "
                               f"(read-only file or folder; {text})", path)
    if primary == 14 or "unable to open" in text:       # SQLITE_CANTOPEN
        return OSError(_errno.EACCES, f"cannot open: {text}", path)
    if primary in (11, 26) or "malformed" in text or "not a database" in text:
        return damaged(path, text)
    return OSError(_errno.EIO, text, path)
