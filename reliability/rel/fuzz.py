"""Schemathesis against the running gateway: one process per kind of caller (each with a valid token of its own), all
of them at once, so that the fuzzing is bound by the gateway and the machine rather than by one process waiting for
its answers.

Why the earlier runs were slow (8 requests/s): the groups ran one after another, each with 4 workers, so at most 4
requests were ever in flight while schemathesis itself used a third of a core; every answer's latency on the loaded
machine went straight into the duration. Now the groups run in parallel (and the big patient group twice, with two
seeds), every process with its own workers: 28 requests in flight, and the total is bounded by time, not by examples
(with --max-time schemathesis repeats the fuzzing and stateful phases until the budget is spent).
"""
import collections
import json
import os
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = os.path.join(os.path.dirname(HERE), "schemathesis.toml")

# Each API publishes its own contract: the professional API's, and the patient API's (/api/v1/me).
PROFESSIONAL = "/openapi.yaml"
PATIENT = "/openapi-me.yaml"

# name, token kind, contract, schemathesis filters, share of the concurrency (workers)
GROUPS = [
    ("professional", "pro", PROFESSIONAL, ["--include-tag", "records"], 6),
    ("admin", "admin", PROFESSIONAL, ["--include-tag", "admin"], 4),
    ("feed", "feed", PROFESSIONAL, ["--include-operation-id", "feedCareHistory"], 2),
    ("patient", "patient", PATIENT, ["--exclude-operation-id", "patientLogout"], 6),
    ("patient-2", "patient", PATIENT, ["--exclude-operation-id", "patientLogout"], 6),
    # Logout ends its own session: a session of its own, so that it can run beside the others.
    ("patient-logout", "patient", PATIENT, ["--include-operation-id", "patientLogout"], 1),
]

# The checks run: all but positive_data_acceptance, which expects every schema-valid request to be accepted (a
# consent-checked API must refuse valid-looking requests for people it does not know or may not see). ignored_auth
# (requests without and with a wrong token must be refused) and negative_data_rejection (schema-violating requests
# must be refused) are in.
EXCLUDED_CHECKS = "positive_data_acceptance"


def run(venv, base, tokens, seconds, out_dir, seed=42, groups=None):
    """Runs every group at once for `seconds`; returns the summary: requests, statuses, checks, failures, per group."""
    os.makedirs(out_dir, exist_ok=True)
    st = os.path.join(venv, "bin", "schemathesis")
    started, t0 = [], time.monotonic()
    for i, (name, kind, contract, filters, workers) in enumerate(groups or GROUPS):
        token = tokens[kind]() if callable(tokens[kind]) else tokens[kind]
        ndjson = os.path.join(out_dir, f"{name}.ndjson")
        log = os.path.join(out_dir, f"{name}.log")
        cmd = [st, "--config-file", CONFIG, "run", base + contract, "--url", base,
               "-H", f"Authorization: Bearer {token}", "--checks", "all", "--exclude-checks", EXCLUDED_CHECKS,
               "--max-examples", "1000", "--workers", str(workers), "--request-timeout", "15",
               "--suppress-health-check", "all", "--max-time", str(seconds), "--no-shrink",
               "--report", "ndjson", "--report-ndjson-path", ndjson, "--seed", str(seed + i)] + filters
        f = open(log, "w")
        f.write("$ " + " ".join(c if not c.startswith("Authorization") else "Authorization: Bearer …" for c in cmd)
                + "\n")
        f.flush()
        p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=out_dir,
                             env=dict(os.environ, NO_COLOR="1", SCHEMATHESIS_HOOKS="rel.st_hooks",
                                      PYTHONPATH=os.path.dirname(HERE)))
        started.append((name, p, f, ndjson, log))
    summary = {"requests": 0, "cases": 0, "stateful": 0, "contract": 0, "failures": 0, "groups": {}, "statuses": collections.Counter(),
               "checks": collections.Counter(), "failed": [], "operations": set()}
    for name, p, f, ndjson, log in started:
        try:
            p.wait(seconds + 600)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        f.close()
        c = count(ndjson)
        c["cases"] = cases(log)
        summary["cases"] += c["cases"]
        summary["groups"][name] = {"exit": p.returncode, "requests": c["requests"], "cases": c["cases"], "failures": c["failures"],
                                   "stateful": c["stateful"], "log": log, "phases": c["phases"]}
        summary["requests"] += c["requests"]
        summary["stateful"] += c["stateful"]
        summary["failures"] += len(c["failures"])
        summary["statuses"].update(c["statuses"])
        summary["checks"].update(c["checks"])
        summary["failed"] += [f"{name}: {x}" for x in c["failures"]]
        summary["operations"].update(c["operations"])
        summary["contract"] = max(summary["contract"], c["contract"])
        if p.returncode not in (0, 1) and not c["requests"]:
            summary["failures"] += 1
            summary["failed"].append(f"{name}: schemathesis exited {p.returncode} without a request (see {log})")
    summary["seconds"] = round(time.monotonic() - t0)
    summary["statuses"] = dict(sorted((str(k), v) for k, v in summary["statuses"].items()))
    summary["checks"] = {f"{k[0]} {k[1]}": v for k, v in sorted(summary["checks"].items())}
    summary["operations"] = len(summary["operations"])
    summary["server_errors"] = sum(v for k, v in summary["statuses"].items() if k.startswith("5"))
    return summary


def cases(log):
    """The test cases schemathesis reports having generated ("Test cases: N generated, ...")."""
    import re
    try:
        with open(log) as f:
            m = re.findall(r"^\s*(\d+) generated", f.read(), re.M)
        return int(m[-1]) if m else 0
    except OSError:
        return 0


def count(ndjson):
    """From the NDJSON event stream of one run: requests sent (interactions), their statuses, every check's outcomes,
    the operations reached, the phases run, and the distinct failed checks as "check: operation (status)"."""
    out = {"requests": 0, "statuses": collections.Counter(), "checks": collections.Counter(), "failures": [],
           "operations": set(), "phases": set(), "stateful": 0, "contract": 0}
    if not os.path.exists(ndjson):
        return out
    failures = set()
    with open(ndjson) as f:
        for line in f:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if "LoadingFinished" in event:
                out["contract"] = ((event["LoadingFinished"].get("statistic") or {}).get("operations") or {}).get(
                    "total", 0)
            if "PhaseStarted" in event:
                out["phases"].add((event["PhaseStarted"].get("phase") or {}).get("name", "?"))
            event = event.get("ScenarioFinished")
            if not event:
                continue
            recorder = event.get("recorder") or {}
            interactions = recorder.get("interactions") or {}
            out["requests"] += len(interactions)
            for i in interactions.values():
                out["statuses"][(i.get("response") or {}).get("status_code", "none")] += 1
            for case_id, checks in (recorder.get("checks") or {}).items():
                for check in checks:
                    out["checks"][(check.get("name"), check.get("status"))] += 1
                    if check.get("status") == "failure":
                        status = (interactions.get(case_id) or {}).get("response") or {}
                        failures.add(f"{check.get('name')}: {recorder.get('label')} "
                                     f"({status.get('status_code', '?')})")
            label = recorder.get("label")
            if label == "Stateful tests":
                out["stateful"] += len(interactions)
            elif label and interactions:  # an operation counts as reached once a request was sent to it
                out["operations"].add(label)
    out["failures"] = sorted(failures)
    out["phases"] = sorted(out["phases"])
    return out
