"""reliability/run.sh's body: PostgreSQL, Redis and the gateway under our control, the faults, the fuzzing, the log
scan, and the table (reliability/.work/<run>/results.{json,md})."""
import argparse
import base64
import json
import os
import secrets
import socket
import sys
import time
import traceback

from . import client, fhir_fuzz, fuzz, procs, scenarios, topology


# Short mode (CI, about 4 minutes): PostgreSQL killed under load with reconciliation, Redis down, graceful shutdown, a
# short fuzz; the log scan always runs. Full mode: everything, the SMPP/SMTP outages through the notifications ITs.
SHORT = ("pg-kill", "redis", "tamper", "fuzz", "gateway-term")
FULL = ("pg-stop", "pg-kill", "redis", "gateway-kill", "audit", "tamper", "fuzz", "gateway-term", "messaging")
# Several processes and engines (issue 17): run with --only cluster (or --only gateways); in neither suite, since they
# need Debian's haproxy and start five JVMs (not within CI's time on 2 vCPU).
CLUSTER = ("gateways", "pg-ha")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--short", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated scenario names")
    ap.add_argument("--jar", required=True)
    ap.add_argument("--pg-bin", required=True)
    ap.add_argument("--redis", required=True)
    ap.add_argument("--venv", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--root", required=True, help="the repository (for the notifications ITs)")
    ap.add_argument("--fuzz-seconds", type=int, default=0, help="fuzzing time budget (default 40 s short, 2400 s full)")
    a = ap.parse_args()
    short = a.short
    run_dir = os.path.join(a.work, time.strftime("%Y%m%dT%H%M%S") + ("-short" if short else "-full"))
    os.makedirs(run_dir)
    logs = os.path.join(run_dir, "logs")
    os.makedirs(logs)
    keys = {k: base64.b64encode(secrets.token_bytes(32)).decode() for k in
            ("DMP_MASTER_KEY", "DMP_INS_HASH_KEY", "DMP_NOTIFY_KEY", "DMP_PWA_SECRET", "DMP_AUDIT_SIGNING_KEY",
             "DMP_AUDIT_CHAIN_KEY")}
    pg = procs.Postgres(a.pg_bin, os.path.join(run_dir, "pg"), free_port(),
                        os.path.join(run_dir, "pglog", "postgres.log"))
    redis = procs.Redis(a.redis, free_port(), os.path.join(logs, "redis.log"))
    http_port, inbox_port = free_port(), free_port()
    # DMP_MODE=development: the suite runs the development issuer and the dev inbox (it reads codes there) against
    # a PostgreSQL and a Redis of its own on loopback; an external database otherwise means production mode.
    env = dict(keys, DMP_MODE="development", DMP_PG_URL=pg.uri(), DMP_REDIS_URL=redis.uri(),
               DMP_HTTP_PORT=str(http_port),
               DMP_HTTP_HOST="127.0.0.1", DMP_DATA_DIR=os.path.join(run_dir, "data"), DMP_INBOX_PORT=str(inbox_port),
               DMP_PUBLIC_URL="https://localhost", DMP_RATE_LIMIT_BURST="100000", DMP_RATE_LIMIT_PER_SECOND="100000",
               DMP_PG_POOL_SIZE="8",
               # The head signer every 10 s (60 in production): the tamper scenario waits two periods.
               DMP_AUDIT_CHECKPOINT_SECONDS="10",
               # Quotas and login limits out of the way of the load and the fuzzing (which invents thousands of
               # patients and logs in from one address); the gateway's ITs test them at their real values.
               DMP_DISTINCT_PATIENTS_PER_DAY="100000000", DMP_LOGIN_ATTEMPTS_PER_ADDRESS="100000000",
               DMP_OTP_SMS_PER_NUMBER_PER_DAY="100000", DMP_OTP_SMS_DAILY_BUDGET="100000000")
    gateway = procs.Gateway(a.jar, env, http_port, os.path.join(logs, "gateway.log"))
    sec = client.Secrets()
    platform = client.Platform(gateway.base(), os.path.join(env["DMP_DATA_DIR"], "oidc.issuer"), inbox_port, sec)
    rate = 200
    ctx = scenarios.Context(pg, redis, gateway, platform, base64.b64decode(keys["DMP_INS_HASH_KEY"]), rate,
                            warmup=5 if short else 20, after=15 if short else 20,
                            audit_verify=lambda: scenarios.run_audit_verify(a.jar, env),
                            people=(5, 5) if short else (10, 20))
    # Store pool + its pipelined client + care history + notifications (GatewayConfig, Messaging): what may be open.
    ctx.pool_bound = 8 + 8 + 8 + 4
    rows, fuzz_summary = [], None
    only = set(filter(None, a.only.split(",")))
    if "cluster" in only:
        only = (only - {"cluster"}) | set(CLUSTER)

    def want(name):
        return not only or name in only

    t_start = time.monotonic()
    try:
        log(f"PostgreSQL ({a.pg_bin}) on {pg.port}, Redis on {redis.port}, gateway on {http_port}; run dir {run_dir}")
        pg.init()
        pg.start()
        redis.start()
        gateway.start()
        log("platform ready")
        plan = [("pg-stop", lambda: scenarios.postgres_outage(ctx, kill=False)),
                ("pg-kill", lambda: scenarios.postgres_outage(ctx, kill=True)),
                ("redis", lambda: scenarios.redis_outage(ctx)),
                ("gateway-kill", lambda: scenarios.gateway_kill(ctx)),
                ("audit", lambda: scenarios.audit_reconciliation(ctx, 5_000 if short else 100_000)),
                ("tamper", lambda: scenarios.audit_tamper(ctx, interval=10.0)),
                ("fuzz", None),
                ("gateway-term", lambda: scenarios.gateway_term(ctx, restart=not short)),
                ("messaging", lambda: scenarios.messaging_outages(a.root)),
                ("gateways", lambda: topology.gateways_behind_haproxy(ctx, a.jar, env, run_dir, logs, free_port)),
                ("pg-ha", lambda: topology.postgres_ha(ctx, a.jar, env, run_dir, logs, a.root))]
        for name, fn in plan:
            if not want(name):
                continue
            if not only and name not in (SHORT if short else FULL):
                continue
            log(f"scenario {name} ...")
            try:
                if name == "fuzz":
                    fuzz_summary = run_fuzz(ctx, a.venv, run_dir, short, a.fuzz_seconds)
                    log(f"fuzz: {json.dumps(fuzz_summary)[:2000]}")
                    continue
                r = fn()
                rows.append(r)
                log(f"  {'OK ' if r['ok'] else 'FAIL'} {r['outcome']}  lost={r['lost']} duplicated={r['duplicated']}")
            except Exception as e:
                traceback.print_exc()
                rows.append({"scenario": name, "load": "-", "outcome": f"scenario crashed: {e}", "lost": "?",
                             "duplicated": "?", "ok": False})
                if not gateway.ready():
                    gateway.kill()
                    gateway.start()
    finally:
        gateway.kill()
        redis.stop()
        pg.stop("fast")
    scan = scan_logs([logs, os.path.dirname(pg.logfile)], sec.values)
    rows.append({"scenario": "Log scan (INS, names, phones, e-mails, codes of the run)", "load": "all logs of the run",
                 "outcome": f"{len(sec.values)} values searched in {scan['files']} files ({scan['bytes']} bytes): "
                            f"{scan['hits']} found" + (f" — {scan['examples']}" if scan["hits"] else ""),
                 "lost": "-", "duplicated": "-", "ok": scan["hits"] == 0})
    write_results(run_dir, rows, fuzz_summary, time.monotonic() - t_start, short)
    failed = [r["scenario"] for r in rows if not r["ok"]]
    if fuzz_summary and not fuzz_ok(fuzz_summary, short):
        failed.append("fuzz")
    log(f"done in {time.monotonic() - t_start:.0f} s; results {run_dir}/results.md; failed: {failed or 'none'}")
    verdicts = [(r["scenario"], r["ok"]) for r in rows]
    if fuzz_summary:
        verdicts.append((f"Schemathesis ({fuzz_summary['requests']} requests) and the FHIR face's fuzz "
                         f"({(fuzz_summary.get('fhir') or {}).get('requests', 0)} requests, "
                         f"{(fuzz_summary.get('fhir') or {}).get('server_errors', '?')} 5xx)",
                         fuzz_ok(fuzz_summary, short)))
    print("\n".join(f"  {'PASS' if ok else 'FAIL'}  {name}" for name, ok in verdicts))
    print(f"RELIABILITY SUITE ({'short' if short else 'full'}): " + ("PASS" if not failed else
                                                                     f"FAIL ({', '.join(failed)})"), flush=True)
    return 1 if failed else 0


def run_fuzz(ctx, venv, run_dir, short, seconds=None):
    tokens = {
        "pro": lambda: ctx.platform.token("dmp:read dmp:write", client.new_rpps(), "10"),
        "admin": ctx.platform.admin,
        "feed": lambda: ctx.platform.token("dmp:feed", client.new_rpps(), "10", category="insurer-feed"),
        "patient": lambda: ctx.platform.login(ctx.platform.register(ctx.platform.admin(), "ACTIVE")),
    }
    # Every group at once for a time budget (schemathesis repeats fuzzing and stateful testing until it is spent).
    # Full mode: 40 minutes, for >= 50,000 requests on the shared 2-vCPU machine (~25-35 requests/s measured);
    # short mode: 60 s, a few hundred requests per group (schemathesis itself needs a few seconds to start).
    seconds = seconds or (60 if short else 2400)
    groups = [g for g in fuzz.GROUPS if not short or g[0] != "patient-2"]  # short: one process per kind of caller
    summary = fuzz.run(venv, ctx.gateway.base(), tokens, seconds, os.path.join(run_dir, "fuzz"), groups=groups)
    # The FHIR face (no OpenAPI contract: its own schemathesis-like generator), after schemathesis, a quarter of its
    # budget (at least 30 s): a physician's token and a registered patient, mutated bundles, searches, paths.
    patient = ctx.platform.register(ctx.platform.admin(), "ACTIVE")
    summary["fhir"] = fhir_fuzz.run(ctx.gateway.base(), tokens["pro"](), patient["ins"], max(30, seconds // 4),
                                    os.path.join(run_dir, "fuzz-fhir"))
    return summary


def fuzz_ok(summary, short):
    """No failed check, no 5xx, every operation reached; in full mode at least 50,000 requests; the FHIR face's fuzz
    sent requests and got no 5xx."""
    fhir = summary.get("fhir") or {}
    if not fhir.get("requests") or fhir.get("server_errors"):
        return False
    return (not summary["failures"] and summary["server_errors"] == 0 and summary["operations"] >= summary["contract"] > 0
            and (short or summary["requests"] >= 50_000))


def scan_logs(directories, values):
    """Every personal value of the run (6 characters or more) searched as a whole token: not inside a longer run of
    letters and digits, so that a 6-digit code does not "match" the same digits inside a request id (a UUID) or a
    duration (the first scanner counted such a coincidence as a leak)."""
    import re
    hits, examples, files, size = 0, [], 0, 0
    needles = sorted((v for v in values if len(v) >= 6), key=len, reverse=True)
    if not needles:
        return {"hits": 0, "examples": "", "files": 0, "bytes": 0}
    pattern = re.compile("(?<![0-9A-Za-z])(?:" + "|".join(re.escape(v) for v in needles) + ")(?![0-9A-Za-z])")
    for root, _, names in (w for d in directories for w in os.walk(d)):
        for n in names:
            path = os.path.join(root, n)
            files += 1
            with open(path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
            size += len(text)
            for m in pattern.finditer(text):
                hits += 1
                if len(examples) < 5:
                    examples.append(f"{n}: {m.group(0)[:3]}…")
    return {"hits": hits, "examples": ", ".join(examples), "files": files, "bytes": size}


def write_results(run_dir, rows, fuzz_summary, seconds, short):
    with open(os.path.join(run_dir, "results.json"), "w") as f:
        json.dump({"rows": rows, "fuzz": fuzz_summary, "seconds": seconds, "short": short}, f, indent=2, default=str)
    lines = ["| scenario | load | outcome | lost | duplicated | verdict |", "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r['scenario']} | {r['load']} | {r['outcome']} | {r['lost']} | {r['duplicated']} | "
                     f"{'pass' if r['ok'] else 'FAIL'} |")
    if fuzz_summary:
        fz = fuzz_summary
        groups = "; ".join(f"{k}: {v['requests']}" for k, v in fz["groups"].items())
        checks = ", ".join(f"{k} {v}" for k, v in fz["checks"].items())
        lines.append(f"| Schemathesis, {fz['operations']} of {fz['contract']} operations, all phases (stateful: {fz['stateful']} requests) "
                     f"| {fz['requests']} requests, {fz['cases']} test cases, in {fz['seconds']} s ({groups}) | statuses {fz['statuses']}; "
                     f"checks: {checks}; failures: {'; '.join(fz['failed']) or 'none'} | - | - | "
                     f"{'pass' if fuzz_ok(fz, short) else 'FAIL'} |")
        fh = fz.get("fhir") or {}
        lines.append(f"| FHIR face fuzz (mutated ITI-65 bundles, JSON and XML, searches, paths, methods) | "
                     f"{fh.get('requests', 0)} requests in {fh.get('seconds', 0)} s | statuses {fh.get('statuses')}; "
                     f"5xx: {fh.get('server_errors')} {'; '.join(fh.get('examples') or [])} | - | - | "
                     f"{'pass' if fh.get('requests') and not fh.get('server_errors') else 'FAIL'} |")
    with open(os.path.join(run_dir, "results.md"), "w") as f:
        f.write(f"Run {os.path.basename(run_dir)} ({'short' if short else 'full'}), {seconds:.0f} s\n\n")
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
