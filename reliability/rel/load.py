"""An open-model load driver (a fixed arrival rate, whatever the answers take) that keeps a client-side ledger of every
request and of every acknowledged write, so that the database can be reconciled against it afterwards."""
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from . import client

TIMEOUT = 10.0  # seconds: a request still unanswered after this is a hang


class Tokens:
    """The tokens the load uses; refreshed after a gateway restart (the development issuer's keys are per process)."""

    def __init__(self, platform):
        self.platform = platform
        self.author_rpps, self.reader_rpps = client.new_rpps(), client.new_rpps()
        self.refresh()

    def refresh(self):
        self.author = self.platform.physician(self.author_rpps)
        self.reader = self.platform.physician(self.reader_rpps)
        self.admin = self.platform.admin()


class Request:
    __slots__ = ("kind", "start", "end", "status", "error", "problem")

    def __init__(self, kind, start):
        self.kind, self.start, self.end, self.status, self.error, self.problem = kind, start, None, None, None, None


class Ledger:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []
        self.deposits = {}       # doc id -> (ins, ack time)
        self.masks = {}          # doc id -> ack time
        self.oppositions = {}    # ins -> ack time
        self.ambiguous = {}      # ins -> writes whose answer never came (may or may not have committed)
        self.stale = []          # reads that returned a document masked before the read started


class Population:
    """Active patients (logged in, for masking) and invited ones (logged in, each opposes once)."""

    def __init__(self, platform, tokens, active=12, invited=30):
        self.active, self.invited = [], []
        for _ in range(active):
            p = platform.register(tokens.admin, "ACTIVE")
            p["token"] = platform.login(p)
            self.active.append(p)
        for _ in range(invited):
            p = platform.register(tokens.admin, "INVITED")
            p["token"] = platform.login(p)
            self.invited.append(p)
        self.docs = {p["ins"]: [] for p in self.active}


class Driver:
    def __init__(self, base, tokens, population, ledger, rate, mix=None, workers=96):
        self.base, self.tokens, self.pop, self.ledger, self.rate = base, tokens, population, ledger, rate
        self.mix = mix or [("list", 50), ("read", 15), ("deposit", 25), ("mask", 7), ("oppose", 3)]
        self.pool = ThreadPoolExecutor(max_workers=workers)
        self.local = threading.local()
        self.stop_flag = threading.Event()
        self.thread = None
        self.opposable = list(population.invited)
        self.seq = 0
        self.workers = workers
        self.busy = threading.Semaphore(workers)
        self.dropped = 0  # arrivals not sent because every worker was still waiting for an answer
        self.t_start = self.t_stop = None

    def session(self):
        s = getattr(self.local, "s", None)
        if s is None:
            s = self.local.s = requests.Session()
        return s

    # ---- the load ----

    def start(self):
        self.t_start = time.monotonic()
        self.thread = threading.Thread(target=self._tick, daemon=True)
        self.thread.start()

    def stop(self):
        self.stop_flag.set()
        self.thread.join()
        self.pool.shutdown(wait=True)
        self.t_stop = time.monotonic()

    def achieved(self):
        """Requests per second actually sent (the machine may not sustain the offered rate)."""
        return len(self.ledger.requests) / max(1e-9, self.t_stop - self.t_start)

    def _tick(self):
        kinds = [k for k, w in self.mix for _ in range(w)]
        interval = 1.0 / self.rate
        next_at = time.monotonic()
        while not self.stop_flag.is_set():
            now = time.monotonic()
            if now < next_at:
                time.sleep(min(next_at - now, 0.01))
                continue
            next_at += interval
            # An open model without an unbounded backlog: an arrival finding every worker busy is dropped (and
            # counted), so a request's start time is when it was meant to start, give or take the scheduler.
            if not self.busy.acquire(blocking=False):
                self.dropped += 1
                continue
            self.pool.submit(self._one, random.choice(kinds))

    def _one(self, kind):
        try:
            self._guarded(kind)
        finally:
            self.busy.release()

    def _guarded(self, kind):
        try:
            getattr(self, "_" + kind)()
        except Exception as e:  # the driver itself must never die silently
            with self.ledger.lock:
                r = Request(kind, time.monotonic())
                r.error = "driver: " + repr(e)
                self.ledger.requests.append(r)

    def _send(self, kind, method, path, token, json=None):
        r = Request(kind, time.monotonic())
        try:
            resp = self.session().request(method, self.base + path, json=json, timeout=TIMEOUT,
                                          headers={"Authorization": "Bearer " + token})
            r.status = resp.status_code
            if resp.headers.get("Content-Type", "").startswith("application/problem+json"):
                r.problem = resp.json().get("type", "")
        except requests.RequestException as e:
            resp = None
            # Refused: the request never reached a server, so it cannot have been written.
            r.error = "refused" if "refused" in str(e).lower() else type(e).__name__
        r.end = time.monotonic()
        with self.ledger.lock:
            self.ledger.requests.append(r)
        return r, resp

    def _list(self):
        p = random.choice(self.pop.active)
        r, resp = self._send("list", "GET", f"/api/v1/patients/{p['ins']}/documents", self.tokens.reader)
        if r.status == 200:
            listed = {d["id"] for d in resp.json().get("documents", [])}
            with self.ledger.lock:
                for doc in listed:
                    at = self.ledger.masks.get(doc)
                    if at is not None and at < r.start:
                        self.ledger.stale.append(("list", doc))

    def _read(self):
        p = random.choice(self.pop.active)
        docs = self.pop.docs[p["ins"]]
        if not docs:
            return self._list()
        doc = random.choice(docs)
        r, _ = self._send("read", "GET", f"/api/v1/documents/{doc}", self.tokens.reader)
        with self.ledger.lock:
            at = self.ledger.masks.get(doc)
            if r.status == 200 and at is not None and at < r.start:
                self.ledger.stale.append(("read", doc))

    def _deposit(self):
        p = random.choice(self.pop.active)
        with self.ledger.lock:
            self.seq += 1
            title = f"rel-{self.seq}"
        r, resp = self._send("deposit", "POST", f"/api/v1/patients/{p['ins']}/documents", self.tokens.author,
                             client.document(title))
        with self.ledger.lock:
            if r.status == 201:
                doc = resp.json()["id"]
                self.ledger.deposits[doc] = (p["ins"], r.end)
                self.pop.docs[p["ins"]].append(doc)
            elif (r.status is None and r.error != "refused") or (r.status or 0) >= 500 and r.problem is None:
                self.ledger.ambiguous[p["ins"]] = self.ledger.ambiguous.get(p["ins"], 0) + 1

    def _mask(self):
        p = random.choice(self.pop.active)
        with self.ledger.lock:
            candidates = [d for d in self.pop.docs[p["ins"]] if d not in self.ledger.masks]
        if not candidates:
            return self._deposit()
        doc = random.choice(candidates)
        r, _ = self._send("mask", "PUT", f"/api/v1/me/documents/{doc}/mask", p["token"])
        if r.status == 204:
            with self.ledger.lock:
                self.ledger.masks.setdefault(doc, r.end)

    def _oppose(self):
        with self.ledger.lock:
            p = self.opposable.pop() if self.opposable else None
        if p is None:
            return self._deposit()
        r, _ = self._send("oppose", "POST", "/api/v1/me/opposition", p["token"])
        with self.ledger.lock:
            if r.status == 201:
                self.ledger.oppositions[p["ins"]] = r.end
            elif r.status is None or r.status >= 500:
                self.opposable.insert(0, p)  # not done: it may try again later (409 if it had committed after all)
