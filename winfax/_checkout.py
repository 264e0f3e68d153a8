"""Why `import winfax` fails when the package folder has no native module.

The usual cause: Python was started in a clone of winfax's repository after
a normal `pip install .`.  The current directory (or the script's) comes
first on sys.path, so the clone's winfax/ folder, which holds only the
Python sources, hides the installed package; its `from . import _winfax`
then fails with a confusing "partially initialized module" message.  This
module turns that into one that says what happened and what to do.
"""

import importlib.machinery
import os

# A source checkout has these beside the package folder.
_CHECKOUT_MARKERS = ("setup.py", os.path.join("src", "_winfax.c"))


def _has_native_module(package_dir: str) -> bool:
    try:
        names = os.listdir(package_dir)
    except OSError:
        return True   # cannot tell: leave the original error alone
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return any(name.startswith("_winfax.") and name.endswith(suffixes) for name in names)


def explain_missing_native_module(package_dir: str) -> None:
    """Raise an ImportError saying what to do when `package_dir` (winfax's
    folder) has no built winfax._winfax; return otherwise, so that the
    caller re-raises its own error (a module that exists but does not load)."""
    if _has_native_module(package_dir):
        return
    root = os.path.dirname(os.path.abspath(package_dir))
    if all(os.path.exists(os.path.join(root, marker)) for marker in _CHECKOUT_MARKERS):
        message = (
            f"winfax was imported from its source checkout ({root}), which has no "
            "built native module (winfax._winfax): Python looks in the current "
            "directory (or the script's) before the installed packages, so this "
            "folder hides any winfax you installed.  Run Python from another "
            "directory to use the installed winfax, or build this checkout in "
            "place with `pip install -e .` to use it."
        )
    else:
        message = (
            f"the winfax package at {package_dir} has no native module "
            "(winfax._winfax): it was copied or installed without its built "
            "files.  Reinstall winfax with pip."
        )
    # Not chained: the original error's "most likely due to a circular
    # import" hint is the misleading part this replaces.
    raise ImportError(message, name="winfax._winfax", path=package_dir) from None
