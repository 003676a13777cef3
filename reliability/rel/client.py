"""The platform seen from outside: tokens from the development issuer, registered patients, patient logins."""
import base64
import itertools
import random
import re
import threading
import time

import requests

BIRTH_DATE = "1985-05-14"
CODE = re.compile(r"\b(\d{6})\b")
_counter = itertools.count(random.randint(0, 50_000))


def luhn_digit(payload):
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def new_ins():
    n = next(_counter) % 100_000
    number = "18505751%05d" % n
    return number + "%02d" % (97 - int(number) % 97)


def new_rpps():
    payload = "1%09d" % random.randint(0, 999_999_999)
    return payload + luhn_digit(payload)


def new_phone():
    return "+3361%07d" % random.randint(1_000_000, 9_999_999)


class Secrets:
    """Every personal value the run sends, so that the log scan can look for each of them."""

    def __init__(self):
        self.values = set()
        self.lock = threading.Lock()

    def add(self, *values):
        with self.lock:
            self.values.update(v for v in values if v)


class SourceAddressAdapter(requests.adapters.HTTPAdapter):
    """Connects from this loopback address: the patient space limits logins per client address (60 per 15 min),
    and the suite logs in far more patients than one person would, so each login comes from another 127.x address."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


_addresses = itertools.count(2)


def from_new_address():
    n = next(_addresses)
    s = requests.Session()
    s.mount("http://", SourceAddressAdapter(f"127.0.{(n // 250) % 250 + 1}.{n % 250 + 2}"))
    return s


class Platform:
    def __init__(self, base, issuer_file, inbox_port, secrets):
        self.base, self.issuer_file, self.inbox_port, self.secrets = base, issuer_file, inbox_port, secrets
        self.http = requests.Session()

    def issuer(self):
        with open(self.issuer_file) as f:
            return f.read().strip()

    def token(self, scope, rpps=None, profession=None, category=None, audience=None):
        form = {"grant_type": "client_credentials", "client_id": "dmp-cli", "client_secret": "dev", "scope": scope}
        if rpps:
            form.update(rpps=rpps, profession=profession)
        if category:
            form["category"] = category
        if audience:
            form["audience"] = audience
        r = self.http.post(self.issuer() + "/token", data=form, timeout=10)
        r.raise_for_status()
        return r.json()["access_token"]

    def admin(self):
        return self.token("dmp:admin")

    def presence(self, ins, rpps):
        """The development card reader's assertion that this patient is at this professional's practice (5 minutes):
        the issuer's `presence` issuer, as `./dmp token --presence INS --rpps R` asks it."""
        issuer = self.issuer()
        url = issuer[:issuer.rindex("/") + 1] + "presence/token"
        r = self.http.post(url, data={"grant_type": "client_credentials", "client_id": "dmp-cli",
                                      "client_secret": "dev", "ins": ins, "rpps": rpps}, timeout=10)
        r.raise_for_status()
        return r.json()["access_token"]

    def in_care(self, token, ins, rpps):
        """Opens a care context as practice software does when the patient's card is read: a professional reads or
        deposits only in a care relationship (treating doctor, care context, express consent) or in an emergency."""
        r = self.http.post(f"{self.base}/api/v1/patients/{ins}/care-contexts",
                           json={"proof": {"type": "presence", "assertion": self.presence(ins, rpps)}},
                           headers={"Authorization": "Bearer " + token}, timeout=10)
        if r.status_code != 201:
            raise RuntimeError(f"care context: {r.status_code} {r.text}")

    def physician(self, rpps):
        return self.token("dmp:read dmp:write", rpps, "10")

    def register(self, admin_token, state="ACTIVE"):
        ins, phone = new_ins(), new_phone()
        given, family = "Reliabelle", "Zorglubienne" + ins[-4:]
        email = f"rel{ins}@example.test"
        person = {"birthDate": BIRTH_DATE, "givenName": given, "familyName": family, "sex": "M",
                  "phone": phone, "email": email, "state": state}
        self.secrets.add(ins, phone, phone.replace("+33", "0"), email, family)
        r = self.http.put(f"{self.base}/api/v1/admin/patients/{ins}", json=person,
                          headers={"Authorization": "Bearer " + admin_token}, timeout=10)
        if r.status_code not in (200, 201):
            raise RuntimeError(f"register: {r.status_code} {r.text}")
        return {"ins": ins, "phone": phone}

    def inbox(self, phone):
        r = self.http.get(f"http://127.0.0.1:{self.inbox_port}/api/messages", params={"to": phone}, timeout=10)
        r.raise_for_status()
        return r.json()

    def login(self, patient, timeout=20):
        """The whole patient login: code asked, read from the dev inbox, verified. Returns the bearer token."""
        before = len(self.inbox(patient["phone"]))
        identity = {"ins": patient["ins"], "birthDate": BIRTH_DATE}
        http = from_new_address()
        r = http.post(f"{self.base}/api/v1/me/login", json=identity, timeout=10)
        if r.status_code != 202:
            raise RuntimeError(f"login: {r.status_code} {r.text}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            messages = self.inbox(patient["phone"])
            if len(messages) > before:
                code = CODE.search(messages[before]["body"]).group(1)
                self.secrets.add(code)
                v = http.post(f"{self.base}/api/v1/me/login/verify", json=dict(identity, code=code), timeout=10)
                if v.status_code != 200:
                    raise RuntimeError(f"verify: {v.status_code} {v.text}")
                return v.json()["token"]
            time.sleep(0.1)
        raise RuntimeError("no code reached the dev inbox")


def document(title):
    text = ("content of " + title).encode()
    return {"classCode": "11488-4", "title": title, "contentType": "text/plain",
            "content": base64.b64encode(text).decode()}
