"""winfax: the Windows Fax Service client API (WinFax.dll) for Python.

    import winfax
    with winfax.connect() as server:
        print(server, winfax.backend)

On Windows the native module calls WinFax.dll.  Elsewhere it is linked against
the fax service simulator shipped inside this package (see winfax.simulator),
so the same code runs and can be tested off Windows.
"""

from ._version import __version__
from ._winfax import BACKEND as backend
from ._winfax import FaxHandle, connect

__all__ = ["FaxHandle", "backend", "connect", "__version__"]
