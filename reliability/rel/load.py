"""An open-model load driver (a fixed arrival rate, whatever the answers take) that keeps a client-side ledger of every
request and of every acknowledged write, so that the database can be reconciled against it afterwards.

One asyncio event loop in a thread of its own, aiohttp with a keep-alive connection pool: a request costs the client a
fraction of a millisecond, so the 200 req/s offered are sent on the shared 2-vCPU machine. (The first version used a
pool of 96 threads with `requests`: it reached 59-123 req/s there, the threads fighting over the GIL and the CPU.)"""
import asyncio
import random
import threading
import time

import aiohttp

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
    """Active patients (logged in, for masking; the author and the reader in care with each, by a care context opened
    with the patient's card) and invited ones (logged in, each opposes once)."""

    def __init__(self, platform, tokens, active=12, invited=30):
        self.active, self.invited = [], []
        for _ in range(active):
            p = platform.register(tokens.admin, "ACTIVE")
            p["token"] = platform.login(p)
            platform.in_care(tokens.author, p["ins"], tokens.author_rpps)
            platform.in_care(tokens.reader, p["ins"], tokens.reader_rpps)
            self.active.append(p)
        for _ in range(invited):
            p = platform.register(tokens.admin, "INVITED")
            p["token"] = platform.login(p)
            self.invited.append(p)
        self.docs = {p["ins"]: [] for p in self.active}


class Driver:
    def __init__(self, base, tokens, population, ledger, rate, mix=None, workers=200):
        self.base, self.tokens, self.pop, self.ledger, self.rate = base, tokens, population, ledger, rate
        self.mix = mix or [("list", 50), ("read", 15), ("deposit", 25), ("mask", 7), ("oppose", 3)]
        self.opposable = list(population.invited)
        self.seq = 0
        self.workers = workers   # requests in flight at most
        self.in_flight = 0
        self.dropped = 0         # arrivals not sent because `workers` requests were still waiting for an answer
        self.t_start = self.t_stop = self.t_arrivals_end = None
        self.stop_flag = threading.Event()
        self.thread = None
        self.loop = None

    # ---- the load ----

    def start(self):
        self.t_start = time.monotonic()
        ready = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self._main(ready)), daemon=True)
        self.thread.start()
        ready.wait(10)

    def stop(self):
        self.stop_flag.set()
        self.thread.join()
        self.t_stop = time.monotonic()

    def achieved(self):
        """Requests per second actually sent (the machine may not sustain the offered rate)."""
        end = self.t_arrivals_end or self.t_stop
        return len(self.ledger.requests) / max(1e-9, end - self.t_start)

    async def _main(self, ready):
        connector = aiohttp.TCPConnector(limit=self.workers, force_close=False, enable_cleanup_closed=True)
        timeout = aiohttp.ClientTimeout(total=TIMEOUT)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as self.http:
            ready.set()
            kinds = [k for k, w in self.mix for _ in range(w)]
            interval = 1.0 / self.rate
            next_at = time.monotonic()
            tasks = set()
            while not self.stop_flag.is_set():
                now = time.monotonic()
                if now < next_at:
                    await asyncio.sleep(min(next_at - now, 0.01))
                    continue
                next_at += interval
                # An open model without an unbounded backlog: an arrival finding `workers` requests in flight is
                # dropped (and counted), so a request's start time is when it was meant to start.
                if self.in_flight >= self.workers:
                    self.dropped += 1
                    continue
                self.in_flight += 1
                t = asyncio.create_task(self._one(random.choice(kinds)))
                tasks.add(t)
                t.add_done_callback(tasks.discard)
            self.t_arrivals_end = time.monotonic()
            if tasks:
                await asyncio.wait(tasks, timeout=TIMEOUT + 5)

    async def _one(self, kind):
        try:
            await getattr(self, "_" + kind)()
        except Exception as e:  # the driver itself must never die silently
            with self.ledger.lock:
                r = Request(kind, time.monotonic())
                r.error = "driver: " + repr(e)
                self.ledger.requests.append(r)
        finally:
            self.in_flight -= 1

    async def _send(self, kind, method, path, token, json=None, want_body=False):
        """Returns the ledger entry and, when asked (or for a 201), the decoded JSON body."""
        r = Request(kind, time.monotonic())
        body = None
        try:
            async with self.http.request(method, self.base + path, json=json,
                                         headers={"Authorization": "Bearer " + token}) as resp:
                r.status = resp.status
                ctype = resp.headers.get("Content-Type", "")
                if ctype.startswith("application/problem+json"):
                    r.problem = (await resp.json(content_type=None)).get("type", "")
                elif want_body or resp.status == 201:
                    body = await resp.json(content_type=None)
                else:
                    await resp.read()
        except aiohttp.ClientConnectorError:
            r.error = "refused"  # the request never reached a server, so it cannot have been written
        except asyncio.TimeoutError:
            r.error = "ReadTimeout"
        except aiohttp.ClientError as e:
            r.error = type(e).__name__
        r.end = time.monotonic()
        with self.ledger.lock:
            self.ledger.requests.append(r)
        return r, body

    async def _list(self):
        p = random.choice(self.pop.active)
        r, body = await self._send("list", "GET", f"/api/v1/patients/{p['ins']}/documents", self.tokens.reader,
                                   want_body=True)
        if r.status == 200:
            listed = {d["id"] for d in body.get("documents", [])}
            with self.ledger.lock:
                for doc in listed:
                    at = self.ledger.masks.get(doc)
                    if at is not None and at < r.start:
                        self.ledger.stale.append(("list", doc))

    async def _read(self):
        p = random.choice(self.pop.active)
        docs = self.pop.docs[p["ins"]]
        if not docs:
            return await self._list()
        doc = random.choice(docs)
        r, _ = await self._send("read", "GET", f"/api/v1/documents/{doc}", self.tokens.reader)
        with self.ledger.lock:
            at = self.ledger.masks.get(doc)
            if r.status == 200 and at is not None and at < r.start:
                self.ledger.stale.append(("read", doc))

    async def _deposit(self):
        p = random.choice(self.pop.active)
        self.seq += 1
        r, body = await self._send("deposit", "POST", f"/api/v1/patients/{p['ins']}/documents", self.tokens.author,
                                   client.document(f"rel-{self.seq}"))
        with self.ledger.lock:
            if r.status == 201:
                doc = body["id"]
                self.ledger.deposits[doc] = (p["ins"], r.end)
                self.pop.docs[p["ins"]].append(doc)
            elif (r.status is None and r.error != "refused") or (r.status or 0) >= 500 and r.problem is None:
                self.ledger.ambiguous[p["ins"]] = self.ledger.ambiguous.get(p["ins"], 0) + 1

    async def _mask(self):
        p = random.choice(self.pop.active)
        with self.ledger.lock:
            candidates = [d for d in self.pop.docs[p["ins"]] if d not in self.ledger.masks]
        if not candidates:
            return await self._deposit()
        doc = random.choice(candidates)
        r, _ = await self._send("mask", "PUT", f"/api/v1/me/documents/{doc}/mask", p["token"])
        if r.status == 204:
            with self.ledger.lock:
                self.ledger.masks.setdefault(doc, r.end)

    async def _oppose(self):
        p = self.opposable.pop() if self.opposable else None
        if p is None:
            return await self._deposit()
        r, _ = await self._send("oppose", "POST", "/api/v1/me/opposition", p["token"])
        with self.ledger.lock:
            if r.status == 201:
                self.ledger.oppositions[p["ins"]] = r.end
            elif r.status is None or r.status >= 500:
                self.opposable.insert(0, p)  # not done: it may try again later (409 if it had committed after all)
