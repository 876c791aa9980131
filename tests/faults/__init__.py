import socket


def free_port() -> int:
    """A TCP port nothing listens on, for a server the test starts itself."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
