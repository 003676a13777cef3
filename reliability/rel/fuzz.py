"""Schemathesis against the running gateway, one run per kind of caller (each with a valid token of its own)."""
import json
import os
import subprocess
import time

GROUPS = [
    # name, token kind, schemathesis filters
    ("professional", "pro", ["--include-tag", "records"]),
    ("admin", "admin", ["--include-tag", "admin"]),
    ("feed", "feed", ["--include-operation-id", "feedCareHistory"]),
    ("patient", "patient", ["--include-tag", "patient", "--exclude-operation-id", "patientLogout"]),
    ("patient-logout", "patient", ["--include-operation-id", "patientLogout"]),
]


def run(venv, base, tokens, examples, max_time, out_dir):
    """max_time: seconds per group, or a dict group -> seconds."""
    """Returns a summary dict: requests sent, failures by check, per group."""
    os.makedirs(out_dir, exist_ok=True)
    st = os.path.join(venv, "bin", "schemathesis")
    summary = {"requests": 0, "failures": 0, "groups": {}}
    for name, kind, filters in GROUPS:
        token = tokens[kind]() if callable(tokens[kind]) else tokens[kind]
        ndjson = os.path.join(out_dir, f"{name}.ndjson")
        log = os.path.join(out_dir, f"{name}.log")
        cmd = [st, "run", base + "/openapi.yaml", "--url", base, "-H", f"Authorization: Bearer {token}",
               "--checks", "all", "--exclude-checks", "ignored_auth,positive_data_acceptance",
               "--max-examples", str(examples), "--workers", "4", "--request-timeout", "15",
               "--suppress-health-check", "all", "--max-time", str(max_time[name] if isinstance(max_time, dict) else max_time), "--no-shrink",
               "--report", "ndjson", "--report-ndjson-path", ndjson, "--seed", "42"] + filters
        t0 = time.monotonic()
        with open(log, "w") as f:
            p = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=out_dir,
                               env=dict(os.environ, NO_COLOR="1", SCHEMATHESIS_HOOKS="rel.st_hooks",
                                        PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
        requests_sent, failures = count(ndjson)
        summary["groups"][name] = {"exit": p.returncode, "requests": requests_sent, "failures": failures,
                                   "seconds": round(time.monotonic() - t0), "log": log}
        summary["requests"] += requests_sent
        summary["failures"] += len(failures)
    return summary


def count(ndjson):
    """Requests sent (interactions), the 5xx among them, and the distinct failed checks as "check: operation (status)"
    from the NDJSON event stream of one run."""
    sent, failures = 0, set()
    if not os.path.exists(ndjson):
        return 0, []
    with open(ndjson) as f:
        for line in f:
            try:
                event = json.loads(line).get("ScenarioFinished")
            except ValueError:
                continue
            if not event:
                continue
            recorder = event.get("recorder") or {}
            interactions = recorder.get("interactions") or {}
            sent += len(interactions)
            for case_id, checks in (recorder.get("checks") or {}).items():
                for check in checks:
                    if check.get("status") == "failure":
                        status = (interactions.get(case_id) or {}).get("response") or {}
                        failures.add(f"{check.get('name')}: {recorder.get('label')} "
                                      f"({status.get('status_code', '?')})")
    return sent, sorted(failures)
