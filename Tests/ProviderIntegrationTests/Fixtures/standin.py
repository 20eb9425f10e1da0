"""What every stand-in shares: HTTPS on 127.0.0.1 at a free port, one JSON line on standard
output saying where, and an exit as soon as standard input closes (so a crashed test run leaves
no server behind)."""
import json
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import testcerts


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep the test's output clean
        pass

    def send_json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_text(self, status, text):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""


def serve_https(handler, folder, before_announce=None, **announce):
    certs = testcerts.make(folder)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs["server.pem"], certs["server-key.pem"])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    if before_announce:
        before_announce(f"https://127.0.0.1:{port}")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps(dict(port=port, url=f"https://127.0.0.1:{port}", ca=certs["ca.pem"], **announce)), flush=True)
    wait_for_stdin_to_close()
    server.shutdown()


def wait_for_stdin_to_close():
    while sys.stdin.buffer.read(4096):
        pass


def serve_moto():
    """moto's server on 127.0.0.1 at a free port, announced as {"port", "url"} on one line, until
    standard input closes (the AWS stand-ins: EKS, S3)."""
    from moto.moto_server.threaded_moto_server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    _, port = server.get_host_and_port()
    print(json.dumps({"port": port, "url": f"http://127.0.0.1:{port}"}), flush=True)
    wait_for_stdin_to_close()
    server.stop()
