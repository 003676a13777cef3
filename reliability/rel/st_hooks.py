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


@schemathesis.check
def feed_stores_nothing_invalid(ctx, response, case):
    """The insurer feed answers 200 to a body of bad lines, by design (schemathesis.toml): each bad line is reported in
    `rejections` and nothing of it is stored. This check holds it to that: a schema-violating body stores 0 lines."""
    if case.operation.label != "POST /api/v1/feed/care-history" or response.status_code != 200:
        return None
    meta = case.meta
    if meta is None or not meta.generation.mode.is_negative:
        return None
    stored = (response.json() or {}).get("stored", 0)
    if stored:
        raise AssertionError(f"a schema-violating feed body had {stored} line(s) stored")
    return None
