"""Health probe of the web container: GET /healthz on the platform host, exit 0 when it is ok.

/healthz answers on every host that routes to a tenant; the platform (public) host is
TENANT_BASE_DOMAIN, created by `provision_tenants --system-only` in the migrate service.
"""

import json
import os
import sys
import urllib.request

port = os.environ.get("GUNICORN_PORT", "8000")
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/healthz",
    headers={"Host": os.environ.get("TENANT_BASE_DOMAIN", "localhost")},
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:
        body = json.load(response)
except Exception as error:  # 503, refused, timeout, not JSON: unhealthy
    print(f"healthz: {error}", file=sys.stderr)
    sys.exit(1)
sys.exit(0 if body.get("status") == "ok" else 1)
