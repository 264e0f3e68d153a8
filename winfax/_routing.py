"""Typed routing data for Microsoft's three inbound routing methods.

FaxGetRoutingInfoW and FaxSetRoutingInfoW carry each method's configuration
as bytes whose format belongs to the method.  Microsoft's routing extension
documents its three methods' formats (MS-FAX 2.2.87, "Default Routing
Methods",
https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-fax/89220226-b68e-4d97-96ef-ce622145ecfa):
each is one null-terminated string, an e-mail address, a folder name or a
printer name.  The W functions carry strings as UTF-16 (little-endian on
every Windows platform), so that is the encoding here.

FaxPortHandle.routing_info()/set_routing_info() stay raw (bytes) for every
method; routing_config()/set_routing_config() read and write the typed form
and hand any other (third-party) method's data back as bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Union

if TYPE_CHECKING:
    from ._winfax import FaxPortHandle

EMAIL_ROUTING_GUID = "{6bbf7bfe-9af2-11d0-abf7-00c04fd91a4e}"
FOLDER_ROUTING_GUID = "{92041a90-9af2-11d0-abf7-00c04fd91a4e}"
PRINT_ROUTING_GUID = "{aec1b37c-9af2-11d0-abf7-00c04fd91a4e}"


def _encode(value: object, what: str) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if "\0" in value:
        raise ValueError(f"{what} must not contain a NUL character "
                         "(the routing data is one null-terminated string)")
    return (value + "\0").encode("utf-16-le", "surrogatepass")


@dataclass(frozen=True)
class EmailRouting:
    """"Route through e-mail": the address a received fax is mailed to."""

    address: str
    guid: ClassVar[str] = EMAIL_ROUTING_GUID

    def to_bytes(self) -> bytes:
        return _encode(self.address, "address")


@dataclass(frozen=True)
class FolderRouting:
    """"Store in a folder": the folder a received fax is written to."""

    path: str
    guid: ClassVar[str] = FOLDER_ROUTING_GUID

    def to_bytes(self) -> bytes:
        return _encode(self.path, "path")


@dataclass(frozen=True)
class PrintRouting:
    """"Print": the printer a received fax is printed on."""

    printer: str
    guid: ClassVar[str] = PRINT_ROUTING_GUID

    def to_bytes(self) -> bytes:
        return _encode(self.printer, "printer")


# What routing_config() returns for Microsoft's methods.
RoutingConfig = Union[EmailRouting, FolderRouting, PrintRouting]

_TYPES: dict[str, type[RoutingConfig]] = {
    EMAIL_ROUTING_GUID: EmailRouting,
    FOLDER_ROUTING_GUID: FolderRouting,
    PRINT_ROUTING_GUID: PrintRouting,
}


def _known(guid: object) -> type[RoutingConfig] | None:
    if not isinstance(guid, str):
        raise TypeError(f"guid must be a str, not {type(guid).__name__}")
    # GUID strings name the same GUID in either case.
    return _TYPES.get(guid.lower())


def decode_routing_info(guid: str, data: bytes | bytearray | memoryview) -> RoutingConfig | bytes:
    """A method's routing data as FolderRouting/EmailRouting/PrintRouting
    for Microsoft's methods, or the bytes unchanged for any other method.

    Data never configured (empty) reads as an empty string.  Raises
    ValueError for data of a Microsoft method that is not UTF-16 (an odd
    number of bytes, or invalid); read it raw with routing_info()."""
    kind = _known(guid)
    data = bytes(data)
    if kind is None:
        return data
    if len(data) % 2:
        raise ValueError(f"the routing data of {guid} is {len(data)} bytes, not a UTF-16 "
                         "string; read it raw with FaxPortHandle.routing_info()")
    try:
        text = data.decode("utf-16-le")
    except UnicodeDecodeError:
        raise ValueError(f"the routing data of {guid} is not a UTF-16 string; "
                         "read it raw with FaxPortHandle.routing_info()") from None
    return kind(text.split("\0", 1)[0])


def routing_config(port: FaxPortHandle, guid: str) -> RoutingConfig | bytes:
    """The routing data of method `guid` on the device of `port` (a
    FaxPortHandle), typed for Microsoft's methods (see decode_routing_info).
    Same errors as FaxPortHandle.routing_info()."""
    _known(guid)
    return decode_routing_info(guid, port.routing_info(guid))


def set_routing_config(port: FaxPortHandle, config: RoutingConfig, *,
                       enabled: bool | None = None) -> None:
    """Store `config` (FolderRouting, EmailRouting or PrintRouting) as its
    method's routing data on the device of `port` (a FaxPortHandle opened
    with PortOpen.MODIFY rights as set_routing_info needs); enabled=True or
    False also turns the method on or off.  For other methods' raw data use
    FaxPortHandle.set_routing_info()."""
    if not isinstance(config, (EmailRouting, FolderRouting, PrintRouting)):
        raise TypeError("config must be a FolderRouting, EmailRouting or PrintRouting, "
                        f"not {type(config).__name__}; for another method's data use "
                        "FaxPortHandle.set_routing_info(guid, data)")
    port.set_routing_info(config.guid, config.to_bytes())
    if enabled is not None:
        port.enable_routing_method(config.guid, bool(enabled))
