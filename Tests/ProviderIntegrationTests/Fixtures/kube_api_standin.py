"""TEST DOUBLE for a Kubernetes API server (no cluster runs here): HTTPS with a cluster's CA that
admits only a request with the expected bearer credential, and logs each request's method, path
and credential kind so a test can see that kubectl really sent it. On its own it answers
`GET /readyz` with `ok`; with --forward it fronts a plain-HTTP API server (Bosun's sandbox) the
way a cloud cluster's endpoint does: authentication here, everything else the upstream's.

usage: kube_api_standin.py FOLDER (--token TOKEN | --eks) [--forward http://127.0.0.1:PORT]
  --token T     accept `Authorization: Bearer T` (a static kubeconfig token)
  --eks         accept a token from `aws eks get-token`: k8s-aws-v1.<base64 presigned STS
                GetCallerIdentity URL that signs the x-k8s-aws-id header>. (A real cluster also
                sends that URL to STS; nothing here can.)
  --forward U   send every admitted request (method, path and query, headers, body) to U and
                answer with U's status, headers and body, read whole (no watches: kubectl diff
                and get never stream). Without it, anything but /readyz is 404.
"""
import argparse
import base64
import http.client
import json
import os
import threading
import urllib.parse

import standin

# Headers of one connection, not of the request: never passed on. Authorization ends here, as at
# an authenticating proxy; Content-Length is recomputed for the body as read.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade", "host", "authorization", "content-length"}


def is_eks_token(token):
    """Whether the token has the shape of `aws eks get-token`'s: a presigned STS URL."""
    prefix = "k8s-aws-v1."
    if not token.startswith(prefix):
        return False
    encoded = token[len(prefix):]
    url = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    query = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
    return (query.get("Action") == ["GetCallerIdentity"]
            and "x-k8s-aws-id" in query.get("X-Amz-SignedHeaders", [""])[0]
            and "X-Amz-Signature" in query)


def status(code, reason, message):
    return {"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": message, "reason": reason, "code": code}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--token")
    parser.add_argument("--eks", action="store_true")
    parser.add_argument("--forward")
    args = parser.parse_args()
    log_path = os.path.join(args.folder, "requests.jsonl")
    log_lock = threading.Lock()
    upstream = urllib.parse.urlparse(args.forward) if args.forward else None

    class KubeAPI(standin.Handler):
        def credential(self):
            header = self.headers.get("Authorization", "")
            token = header[len("Bearer "):] if header.startswith("Bearer ") else ""
            if args.token is not None:
                return "static-token" if token == args.token else None
            return "eks-token" if is_eks_token(token) else None

        def handle_any(self):
            kind = self.credential()
            with log_lock, open(log_path, "a") as log:
                log.write(json.dumps({"path": self.path, "credential": kind or "rejected", "method": self.command}) + "\n")
            if kind is None:
                self.send_json(401, status(401, "Unauthorized", "Unauthorized"))
            elif upstream is not None:
                self.forward()
            elif self.path.startswith("/readyz"):
                self.send_text(200, "ok")
            else:
                self.send_json(404, status(404, "NotFound", "the stand-in answers only /readyz"))

        def forward(self):
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                # kubectl always sends a body of known length; a chunked one would be cut here.
                return self.send_json(411, status(411, "LengthRequired", "the stand-in forwards bodies of known length only"))
            body = self.read_body()
            headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
            connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
            try:
                connection.request(self.command, upstream.path.rstrip("/") + self.path, body=body or None, headers=headers)
                response = connection.getresponse()
                answer = response.read()
            except OSError as error:
                return self.send_json(502, status(502, "BadGateway", f"upstream {args.forward}: {error}"))
            finally:
                connection.close()
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(answer)

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = handle_any

    standin.serve_https(KubeAPI, args.folder, requests=log_path)


if __name__ == "__main__":
    main()
