"""Several gateways behind HAProxy (issue 17, item 5): three API processes and one worker on the suite's PostgreSQL
and Redis, the ledger's load sent through HAProxy, one API process killed (SIGKILL) mid-load and restarted."""
import collections
import os
import time

from . import load, procs, reconcile, scenarios

# Requests per second offered to the multi-process topologies: five JVMs (or Patroni's nodes) on the shared 2-core box
# at the suite's 200/s left a killed gateway unable to start again within 120 s (load average 23 at the time).
RATE = 60


class Topology:
    """The suite's gateway becomes API 1 (role api; it keeps the development issuer, whose tokens the other two trust);
    API 2 and 3 (role api) and the worker (role worker, owner of the one dev inbox the suite reads codes from) run from
    the same jar with the same keys; HAProxy in front of the three API processes."""

    def __init__(self, ctx, jar, env, run_dir, logs, free_port):
        self.ctx, self.jar, self.env, self.logs, self.free_port = ctx, jar, env, logs, free_port
        witness = os.path.join(env["DMP_DATA_DIR"], "audit-witness.log")
        self.common = dict(env, DMP_AUDIT_WITNESS_FILE=witness)
        self.run_dir = run_dir
        self.apis, self.worker, self.haproxy = [], None, None

    def _gateway(self, name, role, extra=None):
        port = self.free_port()
        env = dict(self.common, DMP_ROLES=role, DMP_HTTP_PORT=str(port),
                   DMP_DATA_DIR=os.path.join(self.run_dir, "data-" + name), **(extra or {}))
        return procs.Gateway(self.jar, env, port, os.path.join(self.logs, f"gateway-{name}.log"))

    def up(self):
        ctx = self.ctx
        ctx.gateway.terminate()
        # The worker first: it starts the dev inbox at DMP_INBOX_PORT; an API process starts no messaging.
        self.worker = self._gateway("worker", "worker", {"DMP_INBOX_PORT": self.env["DMP_INBOX_PORT"]})
        self.worker.start()
        api1 = procs.Gateway(self.jar, dict(self.common, DMP_ROLES="api"), ctx.gateway.port,
                             os.path.join(self.logs, "gateway-api1.log"))
        api1.start()
        issuer = ctx.platform.issuer()
        trusted = {"DMP_OIDC_ISSUER": issuer, "DMP_PRESENCE_ISSUER": issuer[:issuer.rindex("/") + 1] + "presence"}
        self.apis = [api1, self._gateway("api2", "api", trusted), self._gateway("api3", "api", trusted)]
        for g in self.apis[1:]:
            g.start()
        self.haproxy = procs.HAProxy(self.free_port(), [g.port for g in self.apis],
                                     os.path.join(self.run_dir, "haproxy.cfg"), os.path.join(self.logs, "haproxy.log"))
        self.haproxy.start()
        # Every server seen up by HAProxy's checks before the load starts.
        procs.wait_until(lambda: all(g.ready() for g in self.apis), 30)
        time.sleep(1.5)

    def down(self):
        """Back to the suite's single gateway (role all) for the scenarios after this one."""
        if self.haproxy:
            self.haproxy.stop()
        for g in self.apis + [self.worker]:
            if g:
                g.kill()
        self.ctx.gateway.start()


def gateways_behind_haproxy(ctx, jar, env, run_dir, logs, free_port):
    topo = Topology(ctx, jar, env, run_dir, logs, free_port)
    driver = None
    try:
        topo.up()
        front = scenarios.Context(ctx.pg, ctx.redis, topo.haproxy, ctx.platform, ctx.ins_key, RATE, ctx.warmup,
                                  ctx.after, ctx.audit_verify, ctx.people)
        tokens, pop, ledger, driver = front.loaded()
        driver.start()
        time.sleep(ctx.warmup)
        victim = topo.apis[2]
        t_kill = time.monotonic()
        victim.kill()
        attempts, back = 0, None
        while back is None and attempts < 2:
            attempts += 1
            try:
                victim.start(timeout=330)
                back = time.monotonic() - t_kill
            except RuntimeError:  # its start-up did not finish within the platform's 300 s (a loaded machine)
                pass
        time.sleep(ctx.after)
        driver.stop()
        front.settle()
        rec = reconcile.reconcile(ctx.pg.dsn(), ctx.ins_key, ledger)
        verify = ctx.audit_verify()
        rs = ledger.requests
        failed = [r for r in rs if r.status is None or r.status >= 500]
        first_fail = min((r.start for r in failed if r.start >= t_kill - 1), default=None)
        last_fail = max((r.start for r in failed if r.start >= t_kill - 1), default=None)
        window = f"{last_fail - first_fail:.1f} s" if first_fail is not None else "none"
        writes = collections.Counter(r.kind for r in rs if r.kind in ("deposit", "mask", "oppose"))
        ok = verify[0] == 0 and not ledger.stale and back is not None
        outcome = (f"{len(rs)} requests through HAProxy to 3 API processes + 1 worker; API 3 killed after "
                   f"{ctx.warmup} s, " + (f"serving again {back:.1f} s later" if back is not None else
                                      "NOT serving again (its start-up exceeded the platform's 300 s)")
                   + f" ({attempts} start{'s' if attempts > 1 else ''}); failed: {len(failed)} "
                   f"({scenarios.histogram(failed) or 'none'}), between the first and the last failure {window}; "
                   f"writes sent {sum(writes.values())}; stale reads {len(ledger.stale)}; "
                   f"`dmp audit verify`: exit {verify[0]} ({verify[1]})")
        return scenarios.row("3 API gateways + 1 worker behind HAProxy, one API SIGKILLed mid-load, restarted",
                             scenarios.offered(front, driver), outcome, rec, ok,
                             {"failed": len(failed), "requests": len(rs), "back_seconds": back,
                              "lost_detail": rec.get("lost_detail")})
    finally:
        if driver and driver.t_stop is None:
            driver.stop()
        topo.down()


class _Dsn:
    """What reconcile needs of a PostgreSQL: its libpq connection string (here HAProxy's, in front of Patroni)."""

    def __init__(self, dsn):
        self._dsn = dsn

    def dsn(self):
        return self._dsn


def _free_base(count=8):
    for base in range(15400, 19000, 10):
        if all(not procs.port_open(p) for p in range(base, base + count)):
            return base
    raise RuntimeError("no 8 free consecutive ports between 15400 and 19000")


def postgres_ha(ctx, jar, env, run_dir, logs, root):
    """Issue 17, item 4: the gateway on a PostgreSQL primary and its synchronous standby managed by Patroni (etcd),
    through HAProxy on Patroni's /primary; under the ledger's load, a planned switchover, then kill -9 of the new
    primary (postmaster and Patroni). Every acknowledged write must be there, the audit chain must verify, no read may
    return a document masked before it started; the error window of each fault is printed."""
    import subprocess
    from urllib.parse import urlparse
    from . import client
    script = os.path.join(root, "deploy", "local", "pg-ha.sh")
    hadir = os.path.join(run_dir, "pg-ha")

    def ha(*args, timeout=600):
        r = subprocess.run([script, *args], capture_output=True, text=True, timeout=timeout)
        if r.returncode != 0:
            raise RuntimeError(f"pg-ha.sh {args[0]}: {r.stderr.strip()[-500:]}")
        return r.stdout.strip()

    gateway = driver = None
    try:
        up = ha("up", hadir, str(_free_base()))
        pg_url = [l for l in up.splitlines() if l.startswith("DMP_PG_URL=")][0].split("=", 1)[1]
        u = urlparse(pg_url)
        dsn = (f"host=127.0.0.1 port={u.port} user={u.username} password={u.password} dbname=postgres "
               f"connect_timeout=3")
        ctx.gateway.terminate()
        # A data directory of its own: a new database, so another development issuer and audit witness file.
        genv = dict(env, DMP_PG_URL=pg_url, DMP_DATA_DIR=os.path.join(run_dir, "data-pg-ha"))
        gateway = procs.Gateway(jar, genv, ctx.gateway.port, os.path.join(logs, "gateway-pg-ha.log"))
        gateway.start()
        platform = client.Platform(gateway.base(), os.path.join(genv["DMP_DATA_DIR"], "oidc.issuer"),
                                   int(env["DMP_INBOX_PORT"]), ctx.platform.secrets)
        front = scenarios.Context(_Dsn(dsn), ctx.redis, gateway, platform, ctx.ins_key, RATE, ctx.warmup,
                                  ctx.after, lambda: scenarios.run_audit_verify(jar, genv), ctx.people)
        tokens, pop, ledger, driver = front.loaded()
        driver.start()
        time.sleep(ctx.warmup)
        t_switch = time.monotonic()
        switched = ha("switchover", hadir)
        switch_took = time.monotonic() - t_switch
        time.sleep(ctx.after)
        t_kill = time.monotonic()
        killed = ha("kill-primary", hadir)
        time.sleep(ctx.after + 15)  # Patroni's leader key lives 10 s (ttl) before the standby may take over
        driver.stop()
        front.settle()
        rec = reconcile.reconcile(dsn, ctx.ins_key, ledger)
        verify = front.audit_verify()
        rs = ledger.requests

        def window(t0, t1):
            bad = [r for r in rs if t0 - 1 <= r.start < t1 and (r.status is None or r.status >= 500)]
            if not bad:
                return "no failed request", bad
            first, last = min(r.start for r in bad), max(r.end or r.start for r in bad)
            return (f"{len(bad)} failed ({scenarios.histogram(bad)}) over {last - first:.1f} s, the first "
                    f"{first - t0:+.1f} s from the fault"), bad
        sw_text, _ = window(t_switch, t_kill)
        kill_text, _ = window(t_kill, time.monotonic() + 1)
        ok = verify[0] == 0 and not ledger.stale
        outcome = (f"{len(rs)} requests; switchover {switched} ({switch_took:.1f} s for patronictl): {sw_text}; "
                   f"kill -9 of the primary {killed}: {kill_text}; stale reads {len(ledger.stale)}; "
                   f"`dmp audit verify`: exit {verify[0]} ({verify[1]})")
        return scenarios.row("PostgreSQL primary + synchronous standby (Patroni, etcd, HAProxy): switchover, then "
                             "kill -9 of the primary", scenarios.offered(front, driver), outcome, rec, ok)
    finally:
        if driver and driver.t_stop is None:
            driver.stop()
        if gateway:
            gateway.kill()
        try:
            ha("down", hadir, timeout=120)
        finally:
            ctx.gateway.start()
