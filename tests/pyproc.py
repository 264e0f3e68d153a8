"""How tests start Python subprocesses.

A subprocess must import the winfax this test process imported: the source
tree, an editable install, or a wheel installed in a venv and tested from
outside the source tree.  Two things could make it pick another one:

* `python -c` and `python -m` put the current directory first on sys.path,
  so a subprocess started in (or inheriting) the source tree's directory
  would import the unbuilt source package ahead of an installed wheel.
  `-P` (3.11+, our minimum) leaves it out.
* A source tree or editable install is found only through this process's
  own sys.path, which a subprocess does not inherit; then PYTHONPATH names
  the directory holding the package.  An installed winfax is found by the
  interpreter itself, so PYTHONPATH is left alone (putting site-packages
  on it would move it ahead of the standard library).
"""

import os
import site
import sys
import sysconfig
from pathlib import Path

import winfax

# The directory that holds the winfax package under test.
PACKAGE_ROOT = Path(winfax.__file__).resolve().parent.parent


def _site_dirs():
    dirs = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    dirs.update(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        dirs.add(site.getusersitepackages())
    return {Path(d).resolve() for d in dirs if d and os.path.isdir(d)}


INSTALLED = PACKAGE_ROOT in _site_dirs()


def python(*args):
    """argv that runs this interpreter with `args`, the cwd kept off sys.path."""
    return [sys.executable, "-P", *map(str, args)]


def env(**extra):
    """os.environ for a subprocess that must import the winfax under test,
    with `extra` added (a value of None removes the variable)."""
    result = dict(os.environ)
    if not INSTALLED:
        rest = [p for p in result.get("PYTHONPATH", "").split(os.pathsep) if p]
        result["PYTHONPATH"] = os.pathsep.join([str(PACKAGE_ROOT), *rest])
    for key, value in extra.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result
