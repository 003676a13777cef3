"""Random bodies and parameters against the FHIR face (/fhir/r4), schemathesis-like: valid ITI-65 bundles and ITI-67 /
ITI-78 searches mutated at random (keys dropped, values replaced by any JSON type, entries duplicated, bodies cut,
XML broken or carrying a DTD, random content types, parameters, paths and methods), several workers at once for a
time budget. The verdict: no answer 5xx (every bad input is a 4xx OperationOutcome). The bodies that got a 5xx are
kept in the run directory.
"""
import base64
import collections
import concurrent.futures
import copy
import json
import os
import random
import threading
import time
import uuid

import requests

INS_NIR = "urn:oid:1.2.250.1.213.1.4.8"
CONTENT_TYPES = ["application/fhir+json", "application/fhir+xml", "application/json", "application/xml",
                 "text/plain", "application/fhir+json; charset=utf-8", "multipart/form-data", None]
PARAMS = ["patient.identifier", "patient", "status", "date", "type", "category", "author.identifier", "_lastUpdated",
          "_count", "_format", "_cursor", "identifier", "_id", "subject", "type:text", "date:missing", "x"]
PATHS = ["/fhir/r4", "/fhir/r4/", "/fhir/r4/metadata", "/fhir/r4/DocumentReference", "/fhir/r4/Patient",
         "/fhir/r4/Binary/", "/fhir/r4/DocumentReference/", "/fhir/r4/Patient/", "/fhir/r4/List", "/fhir/r4/List/",
         "/fhir/r4/.well-known/smart-configuration", "/fhir/r4/DocumentReference/_search"]


def bundle(ins, documents=1):
    subject = {"identifier": {"system": INS_NIR, "value": ins}}
    entries = [{"fullUrl": f"urn:uuid:{uuid.uuid4()}", "request": {"method": "POST", "url": "List"},
                "resource": {"resourceType": "List", "status": "current", "mode": "working", "subject": subject,
                             "extension": [{"url": "https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-sourceId",
                                            "valueIdentifier": {"value": "urn:oid:2.999.1.2"}}],
                             "code": {"coding": [{"system": "https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes",
                                                  "code": "submissionset"}]}}}]
    for i in range(documents):
        doc, binary = f"urn:uuid:{uuid.uuid4()}", f"urn:uuid:{uuid.uuid4()}"
        entries.append({"fullUrl": doc, "request": {"method": "POST", "url": "DocumentReference"},
                        "resource": {"resourceType": "DocumentReference", "status": "current", "subject": subject,
                                     "description": f"fuzz {i}",
                                     "type": {"coding": [{"system": "http://loinc.org", "code": "11488-4"}]},
                                     "content": [{"attachment": {"contentType": "text/plain", "url": binary}}]}})
        entries.append({"fullUrl": binary, "request": {"method": "POST", "url": "Binary"},
                        "resource": {"resourceType": "Binary", "contentType": "text/plain",
                                     "data": base64.b64encode(b"fuzz").decode()}})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def any_value(rnd, depth=0):
    kind = rnd.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rnd.choice([True, False])
    if kind == 2:
        return rnd.choice([0, -1, 2 ** 31, 2 ** 63, 10 ** 30, 1.5, -0.0, 1e308])
    if kind == 3:
        return "".join(rnd.choice("aZ09|/%&<>\"'\\\u00e9\u2028\u0000 -:.") for _ in range(rnd.randrange(0, 40)))
    if kind == 4:
        return rnd.choice(["", "current", "superseded", "urn:uuid:x", "Patient/1", "DocumentReference/" +
                           str(uuid.uuid4()), "2024-13-45", "ge2020", INS_NIR + "|123", "\ud7ff", "x" * 5000])
    if kind == 5:
        return rnd.choice(["Bundle", "Patient", "DocumentReference", "Binary", "List", "OperationOutcome", "Foo"])
    if kind == 6:
        return [any_value(rnd, depth + 1) for _ in range(rnd.randrange(0, 4))]
    return {rnd.choice(["resourceType", "entry", "resource", "fullUrl", "type", "x", "extension", "id", "url",
                        "valueString"]): any_value(rnd, depth + 1) for _ in range(rnd.randrange(0, 4))}


def paths_of(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths_of(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths_of(v, prefix + (i,))


def mutate(rnd, doc):
    doc = copy.deepcopy(doc)
    for _ in range(rnd.randrange(1, 4)):
        targets = [p for p in paths_of(doc) if p]
        if not targets:
            break
        path = rnd.choice(targets)
        parent = doc
        for k in path[:-1]:
            parent = parent[k]
        op = rnd.randrange(4)
        try:
            if op == 0:
                del parent[path[-1]]
            elif op == 1:
                parent[path[-1]] = any_value(rnd)
            elif op == 2 and isinstance(parent, list):
                parent.append(copy.deepcopy(parent[path[-1]]))
            elif isinstance(parent, dict):
                parent[rnd.choice(["unknownElement", "_status", "extension", "modifierExtension"])] = any_value(rnd)
        except (KeyError, IndexError, TypeError):
            pass
    return doc


def xml_body(rnd, ins):
    valid = ('<Bundle xmlns="http://hl7.org/fhir"><type value="transaction"/><entry><fullUrl value="urn:uuid:'
             f'{uuid.uuid4()}"/><resource><List><status value="current"/><mode value="working"/><subject><identifier>'
             f'<system value="{INS_NIR}"/><value value="{ins}"/></identifier></subject></List></resource><request>'
             '<method value="POST"/><url value="List"/></request></entry></Bundle>')
    op = rnd.randrange(5)
    if op == 0:
        return valid
    if op == 1:
        return valid[:rnd.randrange(len(valid))]
    if op == 2:  # an external entity must never be resolved, nor crash the parser
        return ('<?xml version="1.0"?><!DOCTYPE Bundle [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                + valid.replace('value="transaction"', 'value="&x;"'))
    if op == 3:  # entity expansion ("billion laughs")
        return ('<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>' + valid.replace('value="current"', 'value="&c;"'))
    i = rnd.randrange(len(valid))
    return valid[:i] + rnd.choice(["<x>", "</Bundle>", "&", "<![CDATA[", "\u0000", "<entry>"]) + valid[i:]


def one(rnd, base, token, ins, session):
    kind = rnd.randrange(10)
    headers = {"Authorization": "Bearer " + token}
    if rnd.random() < 0.05:
        headers.pop("Authorization")
    if rnd.random() < 0.2:
        headers["Accept"] = rnd.choice(["application/fhir+xml", "application/fhir+json", "*/*", "text/html", "x/y"])
    if rnd.random() < 0.1:
        headers["Prefer"] = rnd.choice(["handling=strict", "handling=lenient", "return=minimal", "x"])
    if kind <= 3:
        body = mutate(rnd, bundle(ins, rnd.randrange(1, 4))) if kind else bundle(ins, rnd.randrange(1, 4))
        raw = json.dumps(body)
        if rnd.random() < 0.15:
            raw = raw[:rnd.randrange(len(raw))]
        ct = "application/fhir+json" if rnd.random() < 0.8 else rnd.choice(CONTENT_TYPES)
        if ct:
            headers["Content-Type"] = ct
        return "POST", "/fhir/r4", session.post(base + "/fhir/r4", data=raw.encode("utf-8", "surrogatepass"),
                                                headers=headers, timeout=30), raw
    if kind == 4:
        raw = xml_body(rnd, ins)
        headers["Content-Type"] = "application/fhir+xml"
        return "POST", "/fhir/r4", session.post(base + "/fhir/r4", data=raw.encode("utf-8", "surrogatepass"),
                                                headers=headers, timeout=30), raw
    if kind <= 7:
        path = rnd.choice(["/fhir/r4/DocumentReference", "/fhir/r4/Patient"])
        params = [("patient.identifier" if "Document" in path else "identifier", f"{INS_NIR}|{ins}")]
        for _ in range(rnd.randrange(0, 5)):
            v = any_value(rnd)
            params.append((rnd.choice(PARAMS), v if isinstance(v, str) else json.dumps(v)))
        if rnd.random() < 0.2:
            params = params[1:]
        r = session.get(base + path, params=params, headers=headers, timeout=30)
        return "GET", path, r, json.dumps(params)
    path = rnd.choice(PATHS)
    if path.endswith("/") and path != "/fhir/r4/":
        path += rnd.choice([str(uuid.uuid4()), ins, "x", "..", "%00", "a" * 300])
    method = rnd.choice(["GET", "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"])
    raw = json.dumps(any_value(rnd))
    return method, path, session.request(method, base + path, data=raw, headers=headers, timeout=30), raw


def run(base, token, ins, seconds, out_dir, workers=6, seed=65):
    """Fuzzes for `seconds` with `workers` threads; returns {requests, statuses, server_errors, examples, seconds}."""
    os.makedirs(out_dir, exist_ok=True)
    statuses, lock, stop = collections.Counter(), threading.Lock(), time.monotonic() + seconds
    errors = []

    def worker(n):
        rnd, session = random.Random(seed + n), requests.Session()
        while time.monotonic() < stop:
            try:
                method, path, r, raw = one(rnd, base, token, ins, session)
                status = r.status_code
            except requests.RequestException as e:
                method, path, status, raw = "?", "?", f"error:{type(e).__name__}", ""
            with lock:
                statuses[str(status)] += 1
                if str(status).startswith("5") and len(errors) < 20:
                    errors.append(f"{method} {path} -> {status}")
                    with open(os.path.join(out_dir, f"5xx-{len(errors)}.txt"), "w") as f:
                        f.write(f"{method} {path} -> {status}\n{raw[:20000]}\n")

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        list(pool.map(worker, range(workers)))
    summary = {"requests": sum(statuses.values()), "statuses": dict(sorted(statuses.items())),
               "server_errors": sum(v for k, v in statuses.items() if k.startswith("5")),
               "transport_errors": sum(v for k, v in statuses.items() if k.startswith("error")),
               "examples": errors, "seconds": round(time.monotonic() - t0)}
    with open(os.path.join(out_dir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    return summary
