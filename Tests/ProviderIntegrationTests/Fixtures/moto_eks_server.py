"""TEST DOUBLE for AWS (no cloud here): moto's server on 127.0.0.1 at a free port, with one
change to its EKS model. moto gives every cluster a random endpoint and a random, non-PEM CA;
this launcher lets create-cluster tags set them instead, so the kubeconfig that the real
`aws eks update-kubeconfig` writes can point at a local HTTPS stand-in:

  bosun-test/endpoint   the cluster's endpoint (https://127.0.0.1:PORT)
  bosun-test/ca         the cluster's CA, base64 PEM, as EKS returns it
  bosun-test/status     the cluster's status (e.g. CREATING); moto makes every cluster ACTIVE

Prints {"port": N, "url": ...} on one line; exits when standard input closes.
"""
from moto.eks import models as eks_models

import standin

_original_init = eks_models.Cluster.__init__


def _init_from_tags(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    tags = self.tags or {}
    if "bosun-test/endpoint" in tags:
        self.endpoint = tags["bosun-test/endpoint"]
    if "bosun-test/ca" in tags:
        self.certificate_authority = {"data": tags["bosun-test/ca"]}
    if "bosun-test/status" in tags:
        self.status = tags["bosun-test/status"]


def main():
    eks_models.Cluster.__init__ = _init_from_tags
    standin.serve_moto()


if __name__ == "__main__":
    main()
