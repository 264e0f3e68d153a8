"""How many kernel handles this process holds, on Windows.

The event tests count completion ports through the simulator off Windows;
on Windows the ports are kernel32's, so only the process's handle count can
show one left open.  GetProcessHandleCount answers on Windows; Wine's is a
stub that says 0, so there the system's handle table
(NtQuerySystemInformation, SystemHandleInformation) is counted instead.
`handle_counter()` checks that whichever it uses sees ports come and go
before handing it out, so a test never trusts a count that does not move."""

import ctypes
import sys

SYSTEM_HANDLE_INFORMATION = 16
STATUS_INFO_LENGTH_MISMATCH = 0xC0000004
INVALID_HANDLE_VALUE = ctypes.c_void_p(-1).value


def _kernel32():
    k = ctypes.WinDLL("kernel32", use_last_error=True)
    k.GetCurrentProcess.restype = ctypes.c_void_p
    k.GetCurrentProcessId.restype = ctypes.c_uint32
    k.GetProcessHandleCount.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32)]
    k.CreateIoCompletionPort.restype = ctypes.c_void_p
    k.CreateIoCompletionPort.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                                         ctypes.c_uint32]
    k.CloseHandle.argtypes = [ctypes.c_void_p]
    return k


def _by_api(kernel32):
    count = ctypes.c_uint32(0)
    if not kernel32.GetProcessHandleCount(kernel32.GetCurrentProcess(), ctypes.byref(count)):
        return None
    return count.value


def _by_table(kernel32):
    """Entries of the system handle table owned by this process.  Each entry
    starts with the owner's process id (a USHORT on Windows, a ULONG on
    Wine: the low 16 bits are where both put it); entries follow the count
    at pointer alignment, each 8 bytes of ids, type, flags and handle, then
    the object's pointer and the access mask padded to a pointer's size."""
    ntdll = ctypes.WinDLL("ntdll")
    ntdll.NtQuerySystemInformation.restype = ctypes.c_uint32
    size = 1 << 16
    for _ in range(12):
        buffer = ctypes.create_string_buffer(size)
        needed = ctypes.c_uint32(0)
        status = ntdll.NtQuerySystemInformation(SYSTEM_HANDLE_INFORMATION, buffer, size,
                                                ctypes.byref(needed))
        if status == STATUS_INFO_LENGTH_MISMATCH:
            size = max(size * 2, needed.value + 4096)
            continue
        if status != 0:
            return None
        pointer = ctypes.sizeof(ctypes.c_void_p)
        entry = 8 + 2 * pointer
        number = int.from_bytes(buffer.raw[0:4], "little")
        pid = kernel32.GetCurrentProcessId() & 0xFFFF
        raw = buffer.raw
        own = 0
        for i in range(number):
            at = pointer + i * entry
            if at + 2 > len(raw):
                return None
            if int.from_bytes(raw[at:at + 2], "little") == pid:
                own += 1
        return own
    return None


def _moves_with_ports(kernel32, count):
    """Whether `count` goes up by at least n while n ports are open and
    back down once they are closed."""
    n = 16
    before = count()
    if before is None:
        return False
    ports = []
    try:
        for _ in range(n):
            port = kernel32.CreateIoCompletionPort(INVALID_HANDLE_VALUE, None, 0, 1)
            if not port:
                return False
            ports.append(port)
        during = count()
    finally:
        for port in ports:
            kernel32.CloseHandle(port)
    after = count()
    return during is not None and after is not None and during - before >= n and after < during


def handle_counter():
    """A function giving this process's kernel handle count, or None where
    none can be had (off Windows, or a count that does not see ports)."""
    if sys.platform != "win32":
        return None
    kernel32 = _kernel32()
    for way in (_by_api, _by_table):
        def count(way=way):
            return way(kernel32)

        if _moves_with_ports(kernel32, count):
            return count
    return None
