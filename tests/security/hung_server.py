"""A local TCP port that accepts connections and never answers (a hung Redis or Elasticsearch,
or one behind a dead NAT): clients wait for their own timeouts."""

import socket
import threading
from contextlib import contextmanager


@contextmanager
def hung_server():
    """Yields the port; every accepted connection is held open, silent, until the end."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    server.settimeout(0.1)
    accepted, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        server.close()
