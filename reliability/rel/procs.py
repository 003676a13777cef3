"""The processes the suite controls: PostgreSQL, Redis and the gateway, each on loopback, each stoppable and killable."""
import os
import signal
import subprocess
import time
import urllib.request


def wait_until(predicate, timeout, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def port_open(port):
    import socket
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Postgres:
    """A PostgreSQL cluster of our own (initdb once), started and stopped with pg_ctl, killed with SIGKILL. PostgreSQL
    refuses to run as root: as root, its commands run as the user `postgres` (or `nobody`) through setpriv."""

    def __init__(self, bindir, datadir, port, logfile):
        self.bindir, self.datadir, self.port, self.logfile = bindir, datadir, port, logfile
        self.as_user = []
        if os.geteuid() == 0:
            import pwd
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                user = pwd.getpwnam("nobody")
            self.uid, self.gid = user.pw_uid, user.pw_gid
            self.as_user = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups"]

    def _bin(self, name):
        return self.as_user + [os.path.join(self.bindir, name)]

    def _own(self, path):
        if self.as_user:
            os.makedirs(path, exist_ok=True)
            os.chown(path, self.uid, self.gid)

    def uri(self):
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def dsn(self):
        return f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres connect_timeout=3"

    def init(self):
        if os.path.exists(os.path.join(self.datadir, "PG_VERSION")):
            return
        self._own(self.datadir)
        self._own(os.path.dirname(self.logfile))  # pg_ctl writes its log there
        subprocess.run(self._bin("initdb") + ["-D", self.datadir, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                        "--no-locale"], check=True, stdout=subprocess.DEVNULL)

    def start(self):
        # fsync=off: this machine's disk is shared with other jobs and an fsync there took seconds (the crash recovery's
        # end checkpoint alone spent 5.7 s in sync). Commits still write their WAL to the kernel before they are
        # acknowledged (synchronous_commit stays on), so a killed PostgreSQL process, the fault injected here, loses
        # nothing acknowledged; only a crash of the machine itself could, and that is not what this suite injects.
        opts = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off "
                f"-k {self.datadir}")
        subprocess.run(self._bin("pg_ctl") + ["-D", self.datadir, "-o", opts, "-l", self.logfile, "-w", "-t", "60",
                        "start"], check=True, stdout=subprocess.DEVNULL)

    def stop(self, mode="fast"):
        subprocess.run(self._bin("pg_ctl") + ["-D", self.datadir, "-m", mode, "-w", "-t", "60", "stop"],
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def kill9(self):
        """SIGKILL the postmaster and every backend, as a crashed machine would leave them."""
        pid = self.postmaster_pid()
        if pid is None:
            return
        children = [int(p) for p in os.listdir("/proc") if p.isdigit() and _ppid(int(p)) == pid]
        for p in [pid] + children:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        wait_until(lambda: not port_open(self.port) and all(not _alive(p) for p in children), 10)

    def postmaster_pid(self):
        try:
            with open(os.path.join(self.datadir, "postmaster.pid")) as f:
                return int(f.readline().strip())
        except (OSError, ValueError):
            return None


def _ppid(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def _alive(pid):
    try:
        os.kill(pid, 0)
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Redis:
    """redis-server in the foreground, no persistence (the platform keeps only rebuildable state there)."""

    def __init__(self, binary, port, logfile):
        self.binary, self.port, self.logfile = binary, port, logfile
        self.proc = None

    def uri(self):
        return f"redis://127.0.0.1:{self.port}"

    def start(self):
        log = open(self.logfile, "ab")
        self.proc = subprocess.Popen([self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no"], stdout=log, stderr=log)
        if not wait_until(lambda: port_open(self.port), 10):
            raise RuntimeError("redis did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc = None


class Gateway:
    """`java -jar dmp-gateway.jar run` with the suite's environment; stdout and stderr appended to one log file."""

    def __init__(self, jar, env, port, logfile, java="java"):
        self.jar, self.env, self.port, self.logfile, self.java = jar, env, port, logfile, java
        self.proc = None

    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=180):
        log = open(self.logfile, "ab")
        env = dict(os.environ)
        env.update(self.env)
        self.proc = subprocess.Popen([self.java, "-Xmx1g", "-jar", self.jar, "run"], env=env, stdout=log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        ok = wait_until(lambda: self.proc.poll() is None and self.ready(), timeout, 0.5)
        if not ok:
            self.kill()
            raise RuntimeError(f"the gateway did not become ready within {timeout} s (log: {self.logfile})")

    def ready(self):
        try:
            with urllib.request.urlopen(self.base() + "/health/ready", timeout=2) as r:
                return r.status == 200
        except Exception:
            return False

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(30)

    def terminate(self):
        """SIGTERM; returns the seconds until the process exited (None if it had to be killed after 60 s)."""
        t0 = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
            return time.monotonic() - t0
        except subprocess.TimeoutExpired:
            self.kill()
            return None


class HAProxy:
    """Debian's haproxy in the foreground (-db) in front of the API gateways: round robin, each server checked on
    /health/ready every second (down after 3 failures, a check allowed 2 s: at a load average of 20 on 2 cores, checks
    of 500 ms timed out on live servers), a refused connection retried on another server (the request was never sent,
    so nothing can happen twice), X-Forwarded-For for the gateways' per-address login limits."""

    def __init__(self, port, servers, config_file, logfile, binary="haproxy"):
        self.port, self.servers, self.config_file, self.logfile, self.binary = port, servers, config_file, logfile, binary
        self.proc = None

    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def write_config(self):
        lines = ["global", "  maxconn 4096", "defaults", "  mode http", "  timeout connect 2s",
                 "  timeout client 30s", "  timeout server 30s", "  timeout check 2s", "  retries 2", "  option redispatch 1",
                 "  option forwardfor", "frontend dmp", f"  bind 127.0.0.1:{self.port}", "  default_backend api",
                 "backend api", "  balance roundrobin", "  option httpchk GET /health/ready",
                 "  http-check expect status 200", "  default-server inter 1s fall 3 rise 2"]
        lines += [f"  server api{i + 1} 127.0.0.1:{p} check" for i, p in enumerate(self.servers)]
        with open(self.config_file, "w") as f:
            f.write("\n".join(lines) + "\n")

    def start(self):
        self.write_config()
        log = open(self.logfile, "ab")
        self.proc = subprocess.Popen([self.binary, "-db", "-f", self.config_file], stdout=log, stderr=log,
                                     stdin=subprocess.DEVNULL)
        if not wait_until(lambda: port_open(self.port), 10):
            raise RuntimeError("haproxy did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc = None
