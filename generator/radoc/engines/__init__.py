"""Site engines other than the MkDocs plugin: each turns radoc's generated pages into a site.

MkDocs runs radoc as a plugin (`radoc.plugin`); an engine that runs no MkDocs plugins gets a
folder assembled for it instead (`radoc.engines.zensical`).
"""

from __future__ import annotations

import errno
import socket

from ..errors import EnvironmentProblem

ENGINES = ("mkdocs", "zensical")


def check_address(dev_addr: str) -> None:
    """A busy or malformed address, told in one line before the site is built and served.
    A port a closed connection still holds (TIME_WAIT) is free, as it is to the servers."""
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise EnvironmentProblem(f"--dev-addr {dev_addr!r} is not HOST:PORT (e.g. 127.0.0.1:8000)")
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host.strip("[]"), int(port)))
    except OSError as exc:
        raise EnvironmentProblem(
            f"cannot serve on {dev_addr}: "
            + (
                "the address is in use: stop the other server or choose another address"
                if exc.errno == errno.EADDRINUSE
                else exc.strerror or str(exc)
            )
        ) from None
