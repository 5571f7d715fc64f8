"""Leaves N loopback TCP sockets in TIME_WAIT (the client closes first), then exits."""
import socket
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(1024)
port = srv.getsockname()[1]
for _ in range(n):
    c = socket.create_connection(("127.0.0.1", port))
    s, _ = srv.accept()
    c.close()
    s.close()
print(f"{n} connections to 127.0.0.1:{port} closed; client sides in TIME_WAIT for 60 s")
