"""TEST DOUBLE for S3 (no cloud here): moto's server on 127.0.0.1 at a free port, for the journal
uploads (`state: { s3: … }`) and `bosun show` reading them back, with the real `aws` CLI pointed
at it (AWS_ENDPOINT_URL and dummy credentials).

Prints {"port": N, "url": ...} on one line; exits when standard input closes.
"""
import json

from moto.moto_server.threaded_moto_server import ThreadedMotoServer

import standin


def main():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    _, port = server.get_host_and_port()
    print(json.dumps({"port": port, "url": f"http://127.0.0.1:{port}"}), flush=True)
    standin.wait_for_stdin_to_close()
    server.stop()


if __name__ == "__main__":
    main()
