"""TEST DOUBLE for a Kubernetes API server (no cluster runs here): answers `GET /readyz` with
`ok` over HTTPS, but only to a request with the expected bearer credential, and logs each
request's path and credential kind so a test can see that kubectl really sent it.

usage: kube_api_standin.py FOLDER (--token TOKEN | --eks)
  --token T   accept `Authorization: Bearer T` (a static kubeconfig token)
  --eks       accept a token from `aws eks get-token`: k8s-aws-v1.<base64 presigned STS
              GetCallerIdentity URL that signs the x-k8s-aws-id header>. (A real cluster also
              sends that URL to STS; nothing here can.)
"""
import argparse
import base64
import json
import os
import urllib.parse

import standin


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--token")
    parser.add_argument("--eks", action="store_true")
    args = parser.parse_args()
    log_path = os.path.join(args.folder, "requests.jsonl")

    class KubeAPI(standin.Handler):
        def do_GET(self):
            header = self.headers.get("Authorization", "")
            token = header[len("Bearer "):] if header.startswith("Bearer ") else ""
            if args.token is not None:
                kind = "static-token" if token == args.token else None
            else:
                kind = "eks-token" if is_eks_token(token) else None
            with open(log_path, "a") as log:
                log.write(json.dumps({"path": self.path, "credential": kind or "rejected"}) + "\n")
            if kind is None:
                self.send_json(401, {"kind": "Status", "apiVersion": "v1", "status": "Failure",
                                     "message": "Unauthorized", "reason": "Unauthorized", "code": 401})
            elif self.path.startswith("/readyz"):
                self.send_text(200, "ok")
            else:
                self.send_json(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 404})

    standin.serve_https(KubeAPI, args.folder, requests=log_path)


if __name__ == "__main__":
    main()
