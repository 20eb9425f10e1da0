"""TEST DOUBLE for Azure (no cloud here): the token and Resource Manager endpoints the real `az`
CLI calls for `az login --service-principal`, `az aks get-credentials` and `az aks show`, over
HTTPS on 127.0.0.1, registered with az as a custom cloud.

usage: azure_standin.py FOLDER STATE.json
STATE.json: {"tenant": T, "subscription": S, "client_id": C, "client_secret": X,
             "clusters": {"<resource group>/<name>": {"powerState": "Running", "kubeconfig": "<yaml>"}}}
The state file is read on every request, so a test can change a cluster's power state.

Endpoints: GET /metadata/endpoints (cloud registration), OpenID discovery and
POST /{tenant}/oauth2/v2.0/token (client credentials; a wrong secret is refused), GET /subscriptions,
GET .../managedClusters/{name} and POST .../managedClusters/{name}/listClusterUserCredential.
Each request's method and path is appended to FOLDER/requests.log (never a credential).
"""
import base64
import json
import os
import re
import sys
import time
import urllib.parse

import standin

CLUSTER_PATH = re.compile(
    r"^/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<rg>[^/]+)/providers/Microsoft\.ContainerService/"
    r"managedClusters/(?P<name>[^/]+)(?P<action>/listClusterUserCredential)?$", re.IGNORECASE)


def main():
    folder, state_path = sys.argv[1], sys.argv[2]
    log_path = os.path.join(folder, "requests.log")
    base = {}

    def state():
        with open(state_path) as f:
            return json.load(f)

    def fake_jwt(claims):
        encode = lambda part: base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()
        return f"{encode({'alg': 'none', 'typ': 'JWT'})}.{encode(claims)}.c2lnbmF0dXJl"

    class Azure(standin.Handler):
        def route(self, method):
            url = urllib.parse.urlparse(self.path)
            with open(log_path, "a") as log:
                log.write(f"{method} {url.path}\n")
            s = state()
            tenant, root = s["tenant"], base["url"]
            if method == "GET" and url.path == "/metadata/endpoints":
                return self.send_json(200, {
                    "name": "BosunTest", "resourceManager": root + "/", "portal": root + "/portal",
                    "authentication": {"loginEndpoint": root, "audiences": [root + "/"], "tenant": "common",
                                       "identityProvider": "AAD"},
                    "graphAudience": root + "/graph/", "microsoftGraphResourceId": root + "/graph/",
                    "suffixes": {"storage": "storage.bosun.test", "keyVaultDns": "vault.bosun.test",
                                 "acrLoginServer": "acr.bosun.test"}})
            if method == "GET" and url.path.endswith("/v2.0/.well-known/openid-configuration"):
                authority = url.path.split("/")[1]
                return self.send_json(200, {
                    "issuer": f"{root}/{tenant}/v2.0",
                    "authorization_endpoint": f"{root}/{authority}/oauth2/v2.0/authorize",
                    "token_endpoint": f"{root}/{authority}/oauth2/v2.0/token",
                    "device_authorization_endpoint": f"{root}/{authority}/oauth2/v2.0/devicecode",
                    "tenant_region_scope": "EU"})
            if method == "POST" and url.path.endswith("/oauth2/v2.0/token"):
                form = urllib.parse.parse_qs(self.read_body().decode())
                if form.get("client_id") != [s["client_id"]] or form.get("client_secret") != [s["client_secret"]]:
                    return self.send_json(401, {"error": "invalid_client",
                                                "error_description": "AADSTS7000215: Invalid client secret provided."})
                now = int(time.time())
                token = fake_jwt({"aud": root + "/", "iss": f"{root}/{tenant}/", "tid": tenant, "appid": s["client_id"],
                                  "oid": "00000000-0000-0000-0000-0000000000aa", "iat": now, "nbf": now, "exp": now + 3600})
                return self.send_json(200, {"token_type": "Bearer", "expires_in": 3600, "ext_expires_in": 3600,
                                            "access_token": token})
            if not self.headers.get("Authorization", "").startswith("Bearer "):
                return self.send_json(401, {"error": {"code": "AuthenticationFailed", "message": "no bearer token"}})
            if method == "GET" and url.path == "/subscriptions":
                return self.send_json(200, {"value": [{
                    "id": f"/subscriptions/{s['subscription']}", "subscriptionId": s["subscription"],
                    "tenantId": tenant, "displayName": "Bosun test subscription", "state": "Enabled"}]})
            if method == "GET" and url.path == "/tenants":
                return self.send_json(200, {"value": [{"id": f"/tenants/{tenant}", "tenantId": tenant}]})
            match = CLUSTER_PATH.match(url.path)
            if match:
                return self.cluster(method, match, s)
            self.send_json(404, {"error": {"code": "NotFound", "message": f"the stand-in has no {method} {url.path}"}})

        def cluster(self, method, match, s):
            if match["sub"] != s["subscription"]:
                return self.send_json(404, {"error": {"code": "SubscriptionNotFound",
                                                      "message": f"The subscription '{match['sub']}' could not be found."}})
            cluster = s["clusters"].get(f"{match['rg']}/{match['name']}")
            if cluster is None:
                return self.send_json(404, {"error": {"code": "ResourceNotFound", "message":
                    f"The Resource 'Microsoft.ContainerService/managedClusters/{match['name']}' under resource group "
                    f"'{match['rg']}' was not found."}})
            if match["action"] and method == "POST":
                value = base64.b64encode(cluster["kubeconfig"].encode()).decode()
                return self.send_json(200, {"kubeconfigs": [{"name": "clusterUser", "value": value}]})
            if method == "GET" and not match["action"]:
                cluster_id = match.group(0)
                return self.send_json(200, {
                    "id": cluster_id, "name": match["name"], "location": "westeurope",
                    "type": "Microsoft.ContainerService/ManagedClusters",
                    "properties": {"provisioningState": "Succeeded", "powerState": {"code": cluster["powerState"]},
                                   "kubernetesVersion": "1.30.0", "dnsPrefix": match["name"],
                                   "fqdn": f"{match['name']}.hcp.bosun.test"}})
            self.send_json(405, {"error": {"code": "MethodNotAllowed", "message": method}})

        def do_GET(self):
            self.route("GET")

        def do_POST(self):
            self.route("POST")

    standin.serve_https(Azure, folder, requests=log_path, before_announce=lambda url: base.update(url=url))


if __name__ == "__main__":
    main()
