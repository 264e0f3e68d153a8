"""The sample documents shipped inside the package (winfax/samples/), so
that examples and first tries have a real fax to send or receive."""

import os
import pathlib

_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "samples")


def sample_fax() -> pathlib.Path:
    """The path of the sample fax shipped with winfax: a three-page TIFF
    (`winfax send --sample` sends the same file).

        server.send_document(winfax.sample_fax(), JobParam(recipient_number="+1 555 0100"))
    """
    return pathlib.Path(_FOLDER, "hello.tif")
