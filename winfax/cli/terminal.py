"""Redrawing a screenful in place (`jobs --watch`).

On a terminal the screen is redrawn from its top-left corner with ANSI
escapes (Windows 10 and later consoles understand them once virtual
terminal processing is on, which is switched on here).  Elsewhere each
change is printed as a new block of lines, so a log shows every change.
"""

import sys

HOME = "\x1b[H"
CLEAR_SCREEN = "\x1b[2J"
CLEAR_LINE_END = "\x1b[K"
CLEAR_BELOW = "\x1b[J"


def enable_ansi(stream):
    """Turn on ANSI escape processing for a Windows console (no-op elsewhere)."""
    if sys.platform != "win32":
        return
    try:
        import ctypes
        import msvcrt

        kernel32 = ctypes.windll.kernel32
        handle = msvcrt.get_osfhandle(stream.fileno())
        mode = ctypes.c_uint32()
        if kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            kernel32.SetConsoleMode(handle, mode.value | 0x0004)  # VT processing
    except (OSError, AttributeError, ValueError, ImportError):
        pass


class Screen:
    def __init__(self, stream):
        self.stream = stream
        isatty = getattr(stream, "isatty", None)
        self.tty = bool(isatty and isatty())
        self.drawn = False
        if self.tty:
            enable_ansi(stream)

    def show(self, lines, changed=True):
        if self.tty:
            text = HOME if self.drawn else CLEAR_SCREEN + HOME
            text += "".join(line + CLEAR_LINE_END + "\n" for line in lines) + CLEAR_BELOW
            # Recorded before writing, as the progress bar does: a Ctrl-C
            # can land right after the write, and then the state must
            # already say that the screen was drawn.
            self.drawn = True
            self.stream.write(text)
        elif changed:
            self.stream.write("\n".join(lines) + "\n\n")
        self.stream.flush()

    def close(self):
        self.stream.flush()
