"""The fault scenarios. Each runs the load, injects one fault, reconciles, and returns one row of the table."""
import collections
import random
import subprocess
import threading
import time

import requests

from . import client, load, reconcile

OUTAGE = 10.0


def histogram(rs):
    c = collections.Counter(str(r.status) if r.status else (r.error or "?") for r in rs)
    return ", ".join(f"{k}×{v}" for k, v in sorted(c.items()))


class Context:
    def __init__(self, pg, redis, gateway, platform, ins_key, rate, warmup, after, audit_verify, people=(10, 20)):
        self.pg, self.redis, self.gateway, self.platform = pg, redis, gateway, platform
        self.ins_key, self.rate, self.warmup, self.after, self.audit_verify = ins_key, rate, warmup, after, audit_verify
        self.people = people  # active patients (documents, masking), invited ones (oppositions)

    def loaded(self, mix=None, invited=None):
        tokens = load.Tokens(self.platform)
        pop = load.Population(self.platform, tokens, active=self.people[0],
                              invited=self.people[1] if invited is None else min(invited, self.people[1]))
        ledger = load.Ledger()
        driver = load.Driver(self.gateway.base(), tokens, pop, ledger, self.rate, mix)
        return tokens, pop, ledger, driver

    def settle(self):
        time.sleep(2)  # answers in flight come back before the ledger is read


def offered(ctx, driver):
    dropped = (f" ({driver.dropped} arrivals dropped: {driver.workers} requests already in flight)"
               if driver.dropped else "")
    return f"{ctx.rate} req/s offered, {driver.achieved():.0f} req/s sent{dropped}"


def row(scenario, load_desc, outcome, rec, ok, extra=None):
    return {"scenario": scenario, "load": load_desc, "outcome": outcome, "lost": rec["lost"],
            "duplicated": rec["duplicated"], "acked": rec["acked"], "unaudited": rec.get("unaudited", 0),
            "ok": ok and rec["lost"] == 0 and rec["duplicated"] == 0, "detail": extra or {}}


def postgres_outage(ctx, kill):
    name = "PostgreSQL killed (kill -9), restarted after 10 s" if kill else "PostgreSQL stopped (fast), restarted after 10 s"
    tokens, pop, ledger, driver = ctx.loaded()
    driver.start()
    time.sleep(ctx.warmup)
    conns_before = reconcile.connections(ctx.pg.dsn())[0]
    t_fault = time.monotonic()
    ctx.pg.kill9() if kill else ctx.pg.stop("fast")
    t_down = time.monotonic()
    time.sleep(max(0.0, OUTAGE - (t_down - t_fault)))
    t_restart = time.monotonic()
    ctx.pg.start()
    t_up = time.monotonic()
    time.sleep(ctx.after)
    driver.stop()
    ctx.settle()
    rs = ledger.requests
    # Every request that started while PostgreSQL was down, whenever its answer came.
    during = [r for r in rs if t_down + 0.2 <= r.start <= t_up]
    # A request that started during the outage may wait for the database and succeed once it is back; what must
    # never happen is an answer other than 503 while it was certainly down (served without a consent decision), a
    # 5xx other than 503, or a hang. "Certainly down" ends when the restart begins: `pg_ctl -w start` returns up to a
    # tenth of a second after PostgreSQL accepts connections, and the gateway may answer in between (a CI run at
    # 22:24 UTC on 2026-11-23 flagged one such 2xx while the restart was under way).
    bad = [r for r in during if r.status != 503 and (r.end is None or r.end <= t_restart or r.status is None
                                                     or r.status >= 500)]
    while_starting = [r for r in during if r.status is not None and r.status < 500 and r.end is not None
                      and t_restart < r.end <= t_up]
    slowest = max(((r.end or r.start + load.TIMEOUT) - r.start for r in during), default=0.0)
    # The outage must not make requests hang: a request started while PostgreSQL was down and still unanswered after
    # the client's timeout. Timeouts elsewhere in the run mean the offered load exceeds what the gateway serves on
    # this machine (the driver keeps up to 200 requests in flight); they are reported, not judged here.
    hung = [r for r in during if r.error == "ReadTimeout"]
    during_ids = {id(r) for r in during}
    overloaded = [r for r in rs if r.error == "ReadTimeout" and id(r) not in during_ids]
    recovered = [r.end for r in rs if r.start >= t_up and r.status is not None and 200 <= r.status < 300]
    recovery = (min(recovered) - t_up) if recovered else None
    conns_after, idle_tx = reconcile.connections(ctx.pg.dsn())
    rec = reconcile.reconcile(ctx.pg.dsn(), ctx.ins_key, ledger)
    bound = ctx.pool_bound
    leaked = max(0, conns_after - bound) + idle_tx
    ok = not bad and not hung and recovery is not None and recovery <= 10 and leaked == 0 and not ledger.stale
    outcome = (f"{len(rs)} requests; {len(during)} started during the outage: {histogram(during)} "
               f"(answered non-503 before the restart began: {len(bad)}; answered while it was restarting: "
               f"{len(while_starting)}; slowest {slowest:.2f} s, {len(hung)} hung); "
               f"timeouts outside the outage (overload): {len(overloaded)}; recovery {recovery:.2f} s after PostgreSQL was back"
               if recovery is not None else f"{len(rs)} requests; never recovered") + (
        f"; connections {conns_before}→{conns_after} (pools ≤ {bound}), {idle_tx} idle in transaction, "
        f"leaked {leaked}; stale reads {len(ledger.stale)}")
    return row(name, offered(ctx, driver), outcome, rec, ok,
               {"during": histogram(during), "recovery_s": recovery, "leaked": leaked, "all": histogram(rs)})


class LoginProbe(threading.Thread):
    """Asks for codes and tries guessed codes for one patient all along; a 200 to a guessed code is a breach."""

    def __init__(self, base, patient):
        super().__init__(daemon=True)
        self.base, self.patient = base, patient
        self.asked, self.verified = [], []
        self.stop_flag = threading.Event()

    def run(self):
        identity = {"ins": self.patient["ins"], "birthDate": "1985-05-14"}
        while not self.stop_flag.is_set():
            # Each round from another address and, for the code request, another person (unknown ones get the same
            # 202), so that the per-address and per-identity limits stay out of the picture.
            s = client.from_new_address()
            asked = {"ins": client.new_ins(), "birthDate": "1985-05-14"}
            for target, path, body in ((self.asked, "/api/v1/me/login", asked),
                                       (self.verified, "/api/v1/me/login/verify",
                                        dict(identity, code="%06d" % random.randint(0, 999_999)))):
                r = load.Request("login", time.monotonic())
                try:
                    resp = s.post(self.base + path, json=body, timeout=load.TIMEOUT)
                    r.status = resp.status_code
                    if resp.headers.get("Content-Type", "").startswith("application/problem+json"):
                        r.problem = resp.json().get("title") or resp.json().get("type")
                except requests.RequestException as e:
                    r.error = type(e).__name__
                r.end = time.monotonic()
                target.append(r)
            time.sleep(0.5)


def redis_outage(ctx):
    tokens, pop, ledger, driver = ctx.loaded(mix=[("list", 50), ("read", 15), ("deposit", 25), ("mask", 10)],
                                             invited=0)
    probe_patient = ctx.platform.register(tokens.admin, "ACTIVE")
    probe = LoginProbe(ctx.gateway.base(), probe_patient)
    driver.start()
    probe.start()
    time.sleep(ctx.warmup)
    ctx.redis.stop()
    t_down = time.monotonic()
    time.sleep(OUTAGE)
    # The outage ends when the restart begins: start() returns only once it has seen the port open, and requests
    # answered in between were served by a Redis that was already back.
    t_restart = time.monotonic()
    ctx.redis.start()
    time.sleep(ctx.after)
    driver.stop()
    probe.stop_flag.set()
    probe.join()
    ctx.settle()

    def during(rs, kinds=None):
        return [r for r in rs if r.start >= t_down + 0.2 and r.end is not None and r.end <= t_restart
                and (kinds is None or r.kind in kinds)]

    reads = during(ledger.requests, {"list", "read"})
    writes = during(ledger.requests, {"deposit"})
    patient = during(ledger.requests, {"mask"})
    asked, verified = during(probe.asked), during(probe.verified)
    breaches = [r for r in probe.verified if r.status == 200]
    messages = sorted({r.problem for r in asked if r.problem})
    t0 = time.monotonic()
    try:  # a full login works again once Redis is back
        fresh = ctx.platform.register(tokens.admin, "ACTIVE")
        ctx.platform.login(fresh)
        login_after = (f"a full login (code from the dev inbox) works again (checked {ctx.after:.0f} s after Redis came "
                       f"back, took {time.monotonic() - t0:.1f} s)")
        login_ok = True
    except Exception as e:
        login_after, login_ok = f"login after recovery FAILED: {e}", False
    rec = reconcile.reconcile(ctx.pg.dsn(), ctx.ins_key, ledger)
    # 403: a consent decision (masked document), still made. At least one read must have been answered during the
    # outage, else the row would pass without having seen reads go on (under the instance's own limits) at all.
    reads_ok = bool(reads) and all(r.status in (200, 403) for r in reads)
    # Deposits: 503 when they would count a patient new today (the quota cannot be counted without Redis); under the
    # local rate-limit policy a deposit to a patient the instance saw opened today needs no Redis and is decided as
    # usual (201, or 403 by the consent door). Never anything else.
    writes_ok = all(r.status in (201, 403, 503) for r in writes)
    logins_ok = all(r.status == 503 for r in asked) and all(r.status in (401, 429, 503) for r in verified)
    ok = reads_ok and writes_ok and logins_ok and not breaches and login_ok and not ledger.stale
    outcome = (f"during the outage: professional reads {histogram(reads)} (served under the instance's own rate limit and quota); deposits {histogram(writes)} "
               f"(503: a patient new today, fail closed; else decided as usual under the local rate limit); patient API {histogram(patient)}; code requests {histogram(asked)} "
               f"({'; '.join(messages) or 'no message'}); guessed-code verifications {histogram(verified)}; "
               f"logins without a verified code: {len(breaches)}; {login_after}")
    return row("Redis stopped 10 s, restarted", offered(ctx, driver) + " + login probe 4/s", outcome, rec, ok)


def gateway_kill(ctx):
    tokens, pop, ledger, driver = ctx.loaded()
    driver.start()
    time.sleep(ctx.warmup)
    t_kill = time.monotonic()
    ctx.gateway.kill()
    ctx.gateway.start()
    restart = time.monotonic() - t_kill
    tokens.refresh()  # the development issuer restarted with the gateway: new signing keys
    time.sleep(ctx.after)
    driver.stop()
    ctx.settle()
    rec = reconcile.reconcile(ctx.pg.dsn(), ctx.ins_key, ledger)
    verify = ctx.audit_verify()
    cut = [r for r in ledger.requests if r.start < t_kill and (r.end is None or r.end >= t_kill) and r.status is None]
    ok = verify[0] == 0 and not ledger.stale
    outcome = (f"{len(ledger.requests)} requests, {len(cut)} cut by the kill; back after {restart:.1f} s; "
               f"`dmp audit verify`: exit {verify[0]} ({verify[1]})")
    return row("Gateway SIGKILL mid-load, restarted", offered(ctx, driver), outcome, rec, ok)


def gateway_term(ctx, bound=30.0, restart=True):
    tokens, pop, ledger, driver = ctx.loaded(invited=5)
    driver.start()
    time.sleep(ctx.warmup)
    t_term = time.monotonic()
    took = ctx.gateway.terminate()
    time.sleep(1)
    driver.stop()
    ctx.settle()
    rs = ledger.requests
    in_flight = [r for r in rs if r.start < t_term and (r.end is None or r.end > t_term)]
    answered = [r for r in in_flight if r.status is not None]
    # The JVM runs its shutdown hook a moment after the signal; past a second nothing new may be served.
    later = [r for r in rs if r.start > t_term + 1.0 and r.status is not None and r.status < 500]
    if restart:  # for the scenarios after this one; the reconciliation needs only PostgreSQL
        ctx.gateway.start()
    rec_holder = reconcile.reconcile(ctx.pg.dsn(), ctx.ins_key, ledger)
    ok = took is not None and took <= bound and len(answered) == len(in_flight) and not later
    outcome = (f"exit {took:.1f} s after SIGTERM (bound {bound:.0f} s); in flight at SIGTERM: {len(in_flight)}, "
               f"answered {len(answered)} ({histogram(answered)}); requests started ≥ 1 s after SIGTERM and served: "
               f"{len(later)}; after SIGTERM: {histogram([r for r in rs if r.start > t_term])}"
               if took is not None else "did not exit within 60 s (killed)")
    return row("Gateway SIGTERM (graceful shutdown)", offered(ctx, driver), outcome, rec_holder, ok)


def audit_reconciliation(ctx, total):
    """Every decision audited: each answered professional call with a decision (200/201/403) has its audit entry."""
    tokens, pop, ledger, driver = ctx.loaded(mix=[("list", 60), ("read", 20), ("deposit", 20)], invited=0)
    # A blocked reader makes denials (403) part of the mix: errors are decisions too.
    driver.rate = max(ctx.rate, 300)
    t0 = time.monotonic()
    driver.start()
    while len(ledger.requests) < total and time.monotonic() - t0 < total / 50:
        time.sleep(0.5)
    driver.stop()
    ctx.settle()
    import psycopg
    decided = collections.Counter()
    for r in ledger.requests:
        if r.status in (200, 201, 403, 404):
            decided[(r.kind, r.status)] += 1
    with psycopg.connect(ctx.pg.dsn(), autocommit=True) as db:
        # Their care-context openings (made before the load) are audited too: not requests of the ledger.
        rows = db.execute("SELECT action, allowed, count(*) FROM audit_log WHERE actor_id = ANY(%s) "
                          "AND action <> 'OPEN_CARE_CONTEXT' GROUP BY 1, 2",
                          [[tokens.author_rpps, tokens.reader_rpps]]).fetchall()
    audited = {(a, al): n for a, al, n in rows}
    expected = {("LIST_DOCUMENTS", True): decided[("list", 200)],
                ("READ_DOCUMENT", True): decided[("read", 200)],
                ("READ_DOCUMENT", False): decided[("read", 403)],
                ("LIST_DOCUMENTS", False): decided[("list", 403)],
                ("DEPOSIT", True): decided[("deposit", 201)]}
    missing = sum(max(0, n - audited.get(k, 0)) for k, n in expected.items())
    extra = sum(max(0, audited.get(k, 0) - n) for k, n in expected.items())
    rec = {"lost": missing, "duplicated": 0, "acked": sum(expected.values())}
    outcome = (f"{len(ledger.requests)} requests ({histogram(ledger.requests)}); decisions answered "
               f"{sum(expected.values())}; audit entries {sum(audited.values())}; missing {missing}; "
               f"entries without an answered request {extra} (answers lost in transit or 5xx after the decision)")
    return row("Every decision audited", f"{len(ledger.requests)} requests; " + offered(ctx, driver), outcome, rec,
               missing == 0)


MESSAGING_ITS = ("DispatchFaultsIT", "SmtpOutageIT", "DispatcherCrashIT", "PostgresRestartIT")


def messaging_outages(root):
    """SMSC and SMTP relay down then up, dispatcher SIGKILLed, PostgreSQL restarted during dispatch: the
    notifications module's ITs (real jSMPP SMSC, GreenMail, embedded PostgreSQL; counted at the receivers), run here
    so that the full suite covers them (docs/RELIABILITY.md, notifications sections)."""
    import glob
    import os
    import xml.etree.ElementTree as ET
    cmd = ["./mvnw", "-B", "-ntp", "-o", "-q", "-pl", "notifications", "-am", "verify", "-Dtest=none",
           "-Dsurefire.failIfNoSpecifiedTests=false", "-Dfailsafe.failIfNoSpecifiedTests=false",
           "-Dit.test=" + ",".join(MESSAGING_ITS)]
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=1800)
    took = time.monotonic() - t0
    tests = failed = 0
    per = []
    for name in MESSAGING_ITS:
        for f in glob.glob(os.path.join(root, "notifications", "target", "failsafe-reports", f"TEST-*.{name}.xml")):
            suite = ET.parse(f).getroot()
            n = int(suite.get("tests", 0))
            bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            tests += n
            failed += bad
            per.append(f"{name} {n - bad}/{n}")
    ok = p.returncode == 0 and failed == 0 and len(per) == len(MESSAGING_ITS)
    outcome = (f"{', '.join(per) or 'no report'} tests passed in {took:.0f} s (Maven exit {p.returncode}); receivers "
               f"count every message: 0 lost, duplicates only in the provider-ack→commit window (the ITs assert it)")
    return {"scenario": "SMSC and SMTP relay down then up; dispatcher SIGKILL; PostgreSQL restart during dispatch",
            "load": "100 SMS / 40 e-mails queued; 3 crash runs of 72 messages; 230 messages", "outcome": outcome,
            "lost": 0 if ok else "?", "duplicated": "window only" if ok else "?", "ok": ok,
            "command": " ".join(cmd)}


def run_audit_verify(jar, env):
    import os
    e = dict(os.environ)
    e.update(env)
    p = subprocess.run(["java", "-jar", jar, "audit", "verify"], env=e, capture_output=True, text=True, timeout=300)
    out = " ".join((p.stdout.strip() or p.stderr.strip() or "-").split())
    return p.returncode, out[:200]


def _canonical_v1(seq, r):
    """AuditChain's canonical form, format 1 (the plain SHA-256 chain): what a database writer recomputes."""
    import struct
    at, actor_kind, actor_id, profession, category, action, ins_hash, document_id, rule_id, allowed, brk, reason = r

    def blob(b):
        return struct.pack(">i", -1) if b is None else struct.pack(">i", len(b)) + bytes(b)

    def text(s):
        return blob(None if s is None else s.encode("utf-8"))

    import datetime
    micros = (at - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)) // datetime.timedelta(microseconds=1)
    tail = (struct.pack(">q", micros) + text(actor_kind) + text(actor_id) + text(profession) + text(category)
            + text(action) + blob(ins_hash) + blob(None if document_id is None else document_id.bytes) + text(rule_id)
            + struct.pack(">?", allowed) + struct.pack(">?", brk) + blob(reason))
    return struct.pack(">bq", 1, seq) + tail


def audit_tamper(ctx, interval=10.0):
    """The security issue's forgery, within the window before a checkpoint: a refused read rewritten as allowed
    (rule care-team), its SHA-256 recomputed, the head moved. It must be refused before signing: no checkpoint over
    it, the alert in the log and the metric, `dmp audit verify` naming it (exit 1) and adding no checkpoint."""
    import hashlib
    import psycopg
    tokens, pop, ledger, driver = ctx.loaded(mix=[("list", 60), ("read", 40)], invited=0)
    driver.rate = 50
    driver.start()
    time.sleep(3)
    driver.stop()
    ctx.settle()
    with psycopg.connect(ctx.pg.dsn(), autocommit=True) as db:
        cols = ("at, actor_kind, actor_id, profession, category, action, ins_hash, document_id, rule_id, allowed, "
                "break_glass, reason")
        admin = ctx.platform.admin()
        for attempt in range(10):
            with db.transaction():
                head, prev_head = db.execute("SELECT seq, hash FROM audit_head WHERE id FOR UPDATE").fetchone()
                before = db.execute("SELECT count(*), coalesce(max(seq), 0) FROM audit_checkpoint").fetchone()
                # The window: the head is not signed yet. Nothing appends while the chain is broken (the load is
                # stopped, `dmp audit verify` is read-only), so putting the entry back afterwards repairs it.
                if before[1] < head:
                    row_ = db.execute(f"SELECT {cols}, prev_hash FROM audit_log WHERE seq = %s", [head]).fetchone()
                    forged = list(row_[:12])
                    was_allowed = forged[9]
                    # The forgery: a refused read made allowed by the care team; an allowed one is hidden.
                    forged[9], forged[8] = (False, row_[8]) if was_allowed else (True, "care-team")
                    h = hashlib.sha256(bytes(row_[12]) + _canonical_v1(head, forged)).digest()
                    db.execute("UPDATE audit_log SET allowed = %s, rule_id = %s, hash = %s WHERE seq = %s",
                               [forged[9], forged[8], h, head])
                    db.execute("UPDATE audit_head SET hash = %s WHERE id", [h])
                    break
            # The head was signed meanwhile: one more (audited) request moves it.
            requests.get(ctx.gateway.base() + "/api/v1/admin/break-glass-reviews",
                         headers={"Authorization": "Bearer " + admin}, timeout=30)
        else:
            raise RuntimeError("could not find an unsigned head to forge")
        t_forged = time.monotonic()
        # Two periods of the head signer (DMP_AUDIT_CHECKPOINT_SECONDS in the run's environment).
        time.sleep(2 * interval + 2)
        signed_over = db.execute("SELECT count(*) FROM audit_checkpoint WHERE seq >= %s", [head]).fetchone()[0]
        metric = 0.0
        try:
            for line in requests.get(ctx.gateway.base() + "/metrics", timeout=10).text.splitlines():
                if line.startswith("dmp_audit_checkpoints_refused"):
                    metric = float(line.split()[-1])
        except requests.RequestException:
            pass
        with open(ctx.gateway.logfile, "rb") as f:
            alerts = f.read().count(b"AUDIT ALERT")
        n_before = db.execute("SELECT count(*) FROM audit_checkpoint").fetchone()[0]
        verify = ctx.audit_verify()
        n_after = db.execute("SELECT count(*) FROM audit_checkpoint").fetchone()[0]
        import re
        m = re.search(r'"firstBreak" : (\d+)', verify[1])
        named = int(m.group(1)) if m else None
        # Put the entry back as it was (the attacker's edit undone), so that later scenarios find a sound chain.
        with db.transaction():
            db.execute("SELECT 1 FROM audit_head WHERE id FOR UPDATE")
            db.execute("UPDATE audit_log SET allowed = %s, rule_id = %s, hash = %s WHERE seq = %s",
                       [was_allowed, row_[8], prev_head, head])
            moved = db.execute("UPDATE audit_head SET hash = %s WHERE id AND seq = %s", [prev_head, head]).rowcount
    refused = signed_over == 0 and metric >= 1 and alerts >= 1
    ok = refused and verify[0] == 1 and named == head and n_after == n_before and moved == 1
    outcome = (f"entry {head} forged ({'refused made allowed, care-team' if not was_allowed else 'allowed made refused'}) after "
               f"{before[0]} checkpoints (last {before[1]}); {time.monotonic() - t_forged:.0f} s later: "
               f"checkpoints at or over it {signed_over}, dmp_audit_checkpoints_refused {metric:.0f}, "
               f"AUDIT ALERT lines {alerts}; `dmp audit verify` exit {verify[0]}, firstBreak {named}, checkpoints "
               f"{n_before} -> {n_after}")
    rec = {"lost": 0, "duplicated": 0, "acked": 0}
    return row("Audit entry forged before a checkpoint (SHA-256 recomputed, head moved)",
               f"{len(ledger.requests)} reads, then idle", outcome, rec, ok)
