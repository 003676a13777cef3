"""Schemathesis hooks (SCHEMATHESIS_HOOKS=rel.st_hooks): the care-history feed's NDJSON body, which schemathesis
cannot serialize by itself."""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    items = value if isinstance(value, list) else [value]
    return ("\n".join(json.dumps(v) for v in items) + "\n").encode("utf-8")
