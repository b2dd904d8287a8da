"""Two `redress serve` replicas behind nginx on one PostgreSQL database, under load and
trouble, then checked from the database and the mail catcher.

Run by tests/replicas/run.sh (which finds nginx, the binary and the Python tools). It:

1. makes an empty database and starts both replicas at once on it (migrations wait on an
   advisory lock), with nginx in front as the one trusted proxy and an SMTP catcher;
2. seeds two landlords (`redress generate`);
3. checks the limits through nginx: sign-in failures from one client address are refused on
   both replicas after the configured count while another address signs in; the residents'
   form takes a limited number of complaints from one address whichever replica answers; the
   proxy's request rate on the public routes is per address;
4. drives load (residents complaining online, officers acknowledging) while it kills one
   replica with SIGKILL and restarts it, takes the SMTP catcher down and brings it back, and
   runs the day's reminders and digests in two processes at once;
5. then checks: every acknowledged write is in the database; references are unique; every
   email in the outbox was delivered, each Message-ID once; every scheduled email was queued
   once; every complaint's events agree with its state.

Exit status 0 when every check holds; the report says what was checked and measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes
from pathlib import Path
from zoneinfo import ZoneInfo

from aiosmtpd.controller import Controller

SERVER_ROLE = "redress_replicas_server"  # the replicas' role: owns nothing, bound by the policies
PASSWORD = "redress-demo-2026"  # `redress generate`'s logins
ADDRESS_FAILURES = 6  # REDRESS_LIMIT_ADDRESS_FAILURES for this run
COMPLAINTS_PER_HOUR = 3  # REDRESS_PUBLIC_COMPLAINTS_PER_HOUR for this run
NGINX_BURST = 10  # limit_req burst on /api/v1/public/


REPO = Path(__file__).resolve().parents[2]
LONDON = ZoneInfo("Europe/London")


def uk_today() -> dt.date:
    """The landlords' today, as the scheduler reckons it."""
    return dt.datetime.now(LONDON).date()


def last_working_day(before: dt.date) -> dt.date:
    """The last day before `before` that is neither a weekend nor an England and Wales bank
    holiday (the file the server ships)."""
    holidays = {
        e["date"]
        for e in json.loads((REPO / "crates/domain/data/bank-holidays-england-and-wales.json").read_text())["events"]
    }
    day = before - dt.timedelta(days=1)
    while day.weekday() >= 5 or day.isoformat() in holidays:
        day -= dt.timedelta(days=1)
    return day


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- The mail catcher -----------------------------------------------------------------------


class Catcher:
    """An SMTP server on a fixed port that records each message's Message-ID and recipients.
    `stop()` closes the port (delivery fails, the outbox retries); `start()` opens it again."""

    def __init__(self, port: int):
        self.port = port
        self.lock = threading.Lock()
        self.messages: list[tuple[str, list[str], str]] = []
        self.controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        msg = message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append(
                (msg.get("Message-ID", ""), list(envelope.rcpt_tos), msg.get("Subject", ""))
            )
        return "250 OK"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


# --- HTTP through nginx, from a chosen client address ----------------------------------------


def request(port, method, path, body=None, token=None, source="127.0.0.1", timeout=30):
    """One request to nginx from `source` (any 127.x.y.z): nginx sees that as the client's
    address and forwards it. Returns (status, parsed JSON or None); status 0 when the
    connection failed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body)
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        conn.request(method, path, body=data, headers=headers)
        r = conn.getresponse()
        raw = r.read()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return r.status, parsed
    except OSError:
        return 0, None
    finally:
        conn.close()


def login(port, email, password, source):
    return request(port, "POST", "/api/v1/auth/login", {"email": email, "password": password}, source=source)


def complaint(n: int) -> dict:
    return {
        "resident": {
            "name": f"Resident {n}",
            "email": f"resident{n}@example.org",
            "address": f"Flat {n}, 9 Mill Lane, London N4 1AA",
            "preferred_contact": "email",
        },
        "description": f"Water has been coming through my bathroom ceiling ({n}).",
        "outcomes_sought": "Fix the leak and repaint the ceiling.",
    }


# --- The database ----------------------------------------------------------------------------


def psql(url: str, sql: str) -> list[list[str]]:
    out = subprocess.run(
        ["psql", url, "-X", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line.split("\t") for line in out.splitlines() if line]


# --- The run ---------------------------------------------------------------------------------


class Run:
    def __init__(self, args):
        self.args = args
        self.dir = Path(tempfile.mkdtemp(prefix="redress-replicas-"))
        self.admin_url = args.postgres
        self.db_name = f"redress_replicas_{uuid.uuid4().hex[:12]}"
        self.db_url = args.postgres.rsplit("/", 1)[0] + "/" + self.db_name
        # The replicas connect as a role bound by row-level security; the owner (the admin
        # URL's role) migrates. The checks below read as the owner, behind the policies.
        parts = urllib.parse.urlsplit(self.db_url)
        host = parts.netloc.rsplit("@", 1)[-1]
        self.server_url = urllib.parse.urlunsplit(parts._replace(netloc=f"{SERVER_ROLE}@{host}"))
        self.ports = {"a": free_port(), "b": free_port()}
        self.nginx_port = free_port()
        self.catcher = Catcher(free_port())
        self.procs: dict[str, subprocess.Popen] = {}
        self.nginx: subprocess.Popen | None = None
        self.failures: list[str] = []
        self.report: list[str] = []
        self.lock = threading.Lock()
        self.acknowledged_receipts: list[str] = []  # references the form answered 201 for
        self.acknowledged_steps: list[str] = []  # complaint ids the API answered 200 to acknowledge
        self.counts = Counter()
        self.logs: list = []

    # Processes.

    def env(self) -> dict:
        e = dict(os.environ)
        e.update(
            {
                "REDRESS_DATABASE_URL": self.server_url,
                "REDRESS_MIGRATION_DATABASE_URL": self.db_url,
                "REDRESS_JWT_SECRET": "a replica test secret that is long enough to sign",
                "REDRESS_DATA_SECRET": "a replica test data secret long enough to derive",
                "REDRESS_TRUSTED_PROXIES": "127.0.0.1",
                "REDRESS_SMTP_URL": f"smtp://127.0.0.1:{self.catcher.port}",
                "REDRESS_REQUIRE_MFA": "false",
                "REDRESS_ARGON2_MEMORY_KIB": "1024",
                "REDRESS_ARGON2_ITERATIONS": "1",
                "REDRESS_LIMIT_ADDRESS_FAILURES": str(ADDRESS_FAILURES),
                "REDRESS_LIMIT_FIRST_DELAY_MS": "5",
                "REDRESS_LIMIT_MAX_DELAY_MS": "20",
                "REDRESS_PUBLIC_COMPLAINTS_PER_HOUR": str(COMPLAINTS_PER_HOUR),
                "REDRESS_WORKER_POLL_SECONDS": "1",
                "REDRESS_EMAIL_LEASE_SECONDS": "10",
                "REDRESS_SCHEDULER_POLL_SECONDS": "1",
                "REDRESS_SCHEDULER_STARTS_AT": "00:00",
                "REDRESS_DATABASE_MAX_CONNECTIONS": "8",
                "REDRESS_LOG_FORMAT": "json",
                "REDRESS_PUBLIC_URL": f"http://127.0.0.1:{self.nginx_port}",
                "RUST_LOG": "warn",
            }
        )
        return e

    def start_replica(self, name: str) -> None:
        data = self.dir / f"data-{name}"
        data.mkdir(exist_ok=True)
        env = self.env()
        env["REDRESS_LISTEN"] = f"127.0.0.1:{self.ports[name]}"
        env["REDRESS_DATA_DIR"] = str(data)
        log = open(self.dir / f"{name}.log", "ab")
        self.logs.append(log)
        self.procs[name] = subprocess.Popen(
            [self.args.binary, "serve"], env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL
        )

    def ready(self, name: str, timeout: float = 90) -> bool:
        end = time.time() + timeout
        while time.time() < end:
            if self.procs[name].poll() is not None:
                return False
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.ports[name], timeout=2)
                c.request("GET", "/readyz")
                if c.getresponse().status == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.2)
        return False

    def start_nginx(self) -> None:
        d = self.dir
        conf = d / "nginx.conf"
        conf.write_text(
            (Path(__file__).parent / "nginx.conf.in")
            .read_text()
            .replace("@DIR@", str(d))
            .replace("@LISTEN@", str(self.nginx_port))
            .replace("@A@", str(self.ports["a"]))
            .replace("@B@", str(self.ports["b"]))
            .replace("@BURST@", str(NGINX_BURST))
        )
        err = open(d / "nginx-error.log", "ab")
        self.logs.append(err)
        self.nginx = subprocess.Popen(
            [self.args.nginx, "-p", str(d), "-c", str(conf), "-e", str(d / "nginx-error.log")],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        end = time.time() + 20
        while time.time() < end:
            try:
                socket.create_connection(("127.0.0.1", self.nginx_port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nginx did not start: see " + str(d / "nginx-error.log"))

    def check(self, ok: bool, what: str) -> None:
        (self.report if ok else self.failures).append(("ok    " if ok else "FAIL  ") + what)
        print(("ok    " if ok else "FAIL  ") + what, flush=True)

    # Phases.

    def setup(self) -> None:
        psql(self.admin_url, f'CREATE DATABASE "{self.db_name}"')
        psql(
            self.admin_url,
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
            f"'{SERVER_ROLE}') THEN CREATE ROLE {SERVER_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS; "
            "END IF; END $$",
        )
        self.catcher.start()
        # Both replicas at once on the empty database.
        started = time.time()
        self.start_replica("a")
        self.start_replica("b")
        both = self.ready("a") and self.ready("b")
        self.check(both, f"both replicas started at once on an empty database and are ready ({time.time() - started:.1f} s)")
        if not both:
            raise RuntimeError("a replica did not start: see the logs in " + str(self.dir))
        applied = psql(self.db_url, "SELECT count(*) FROM seaql_migrations")[0][0]
        self.check(
            int(applied) > 50,
            f"the schema is complete ({applied} migrations recorded; they ran under the advisory lock, "
            "without which one replica fails to start)",
        )
        self.start_nginx()
        env = self.env()
        env["REDRESS_DATA_DIR"] = str(self.dir / "data-seed")
        subprocess.run(
            [self.args.binary, "generate", "--landlords", "2", "--complaints", str(self.args.seed_complaints)],
            env=env,
            check=True,
            capture_output=True,
        )
        # Generated landlords are onboarding; going live opens the residents' form.
        psql(self.db_url, "UPDATE landlords SET status = 'active'")

    def limits(self) -> None:
        port = self.nginx_port
        who = "officer@gen-1.example.org"
        statuses = [login(port, who, "not the password", "127.0.0.2")[0] for _ in range(ADDRESS_FAILURES + 3)]
        expected = [401] * ADDRESS_FAILURES + [429] * 3
        self.check(
            statuses == expected,
            f"sign-in: {ADDRESS_FAILURES} failures from one address through either replica, then refused ({statuses})",
        )
        right_from_refused = login(port, who, PASSWORD, "127.0.0.2")[0]
        right_from_other = login(port, who, PASSWORD, "127.0.0.3")[0]
        self.check(
            right_from_refused == 429 and right_from_other == 200,
            f"sign-in: the refused address stays refused ({right_from_refused}); another address signs in ({right_from_other})",
        )
        form = [
            request(port, "POST", "/api/v1/public/gen-1/complaints", complaint(9000 + i), source="127.0.0.4")[0]
            for i in range(COMPLAINTS_PER_HOUR + 2)
        ]
        other = request(port, "POST", "/api/v1/public/gen-1/complaints", complaint(9100), source="127.0.0.5")[0]
        self.check(
            form == [201] * COMPLAINTS_PER_HOUR + [429, 429] and other == 201,
            f"residents' form: {COMPLAINTS_PER_HOUR} complaints an hour from one address across replicas ({form}); another address is taken ({other})",
        )
        with self.lock:
            self.counts["form complaints (limits)"] += form.count(201) + (other == 201)
        # All at once: more than the burst, whatever the speed of the build.
        with ThreadPoolExecutor(max_workers=NGINX_BURST + 15) as pool:
            burst = list(
                pool.map(
                    lambda _: request(port, "GET", "/api/v1/public/gen-1", source="127.0.0.6")[0],
                    range(NGINX_BURST + 15),
                )
            )
        quiet = request(port, "GET", "/api/v1/public/gen-1", source="127.0.0.7")[0]
        self.check(
            429 in burst and quiet != 429 and quiet != 0,
            f"public routes: nginx's per-address rate refused a burst from one address ({burst.count(429)} of {len(burst)} answered 429) and not another ({quiet})",
        )

    def resident_load(self, stop: threading.Event, worker: int) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            # Each online complaint from its own address, under the per-address limits.
            source = f"127.{10 + worker}.{(n // 250) % 250}.{n % 250 + 1}"
            slug = random.choice(["gen-1", "gen-2"])
            status, body = request(
                self.nginx_port, "POST", f"/api/v1/public/{slug}/complaints", complaint(worker * 100000 + n), source=source
            )
            with self.lock:
                self.counts[f"form {status}"] += 1
                if status == 201 and body and body.get("reference"):
                    self.acknowledged_receipts.append(body["reference"])
            time.sleep(0.05)

    def officer_load(self, stop: threading.Event, slug: str, source: str) -> None:
        token = None
        while not stop.is_set():
            if token is None:
                status, body = login(self.nginx_port, f"officer@{slug}.example.org", PASSWORD, source)
                if status != 200:
                    time.sleep(0.2)
                    continue
                token = body["access_token"]
            status, page = request(
                self.nginx_port, "GET", f"/api/v1/landlords/{slug}/complaints?status=received&limit=20", token=token, source=source
            )
            if status == 401:
                token = None
                continue
            items = (page or {}).get("items", []) if status == 200 else []
            for item in items[:3]:
                status, _ = request(
                    self.nginx_port,
                    "POST",
                    f"/api/v1/landlords/{slug}/complaints/{item['id']}/acknowledge",
                    {
                        "definition": "A leak through the bathroom ceiling, reported by the resident.",
                        "outcomes_sought": "Fix the leak and repaint the ceiling.",
                        "responsible_for": "Repairs to the roof and the bathroom ceiling.",
                    },
                    token=token,
                    source=source,
                )
                with self.lock:
                    self.counts[f"acknowledge {status}"] += 1
                    if status == 200:
                        self.acknowledged_steps.append(item["id"])
            time.sleep(0.1)

    def run_day_twice(self) -> None:
        """The day's reminders and digests for the last working day, in two processes at
        once (each replica's scheduler also runs today's)."""
        self.run_day_started = psql(self.db_url, "SELECT now()")[0][0]
        day = last_working_day(uk_today())
        self.run_day = day.isoformat()
        procs = [
            subprocess.Popen(
                [self.args.binary, "run-day", "--day", day.isoformat()],
                env=self.env() | {"REDRESS_DATA_DIR": str(self.dir / f"data-run-{i}")},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(2)
        ]
        outs = [p.communicate() for p in procs]
        codes = [p.returncode for p in procs]
        self.check(codes == [0, 0], f"the day's run for {day} in two processes at once: {[o[0].strip() for o in outs]}")
        self.run_day_output = [o[0] for o in outs]

    def load(self) -> None:
        seconds = self.args.seconds
        stop = threading.Event()
        threads = [
            threading.Thread(target=self.resident_load, args=(stop, i), daemon=True) for i in range(self.args.residents)
        ]
        threads += [
            threading.Thread(target=self.officer_load, args=(stop, slug, f"127.0.0.{20 + i}"), daemon=True)
            for i, slug in enumerate(["gen-1", "gen-2"])
        ]
        for t in threads:
            t.start()
        try:
            self.trouble(seconds)
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=60)

    def trouble(self, seconds: float) -> None:
        """Kills, outages and restarts while the load runs."""
        started = time.time()

        def at(fraction: float) -> None:
            time.sleep(max(0.0, started + seconds * fraction - time.time()))

        at(0.1)
        scheduled = threading.Thread(target=self.run_day_twice, daemon=True)
        scheduled.start()
        at(0.25)
        self.procs["a"].send_signal(signal.SIGKILL)
        self.procs["a"].wait()
        print(f"       replica a killed (SIGKILL) at {time.time() - started:.1f} s", flush=True)
        at(0.45)
        self.start_replica("a")
        self.check(self.ready("a"), f"replica a restarted and ready at {time.time() - started:.1f} s")
        at(0.55)
        self.catcher.stop()
        print(f"       SMTP catcher down at {time.time() - started:.1f} s", flush=True)
        at(0.75)
        self.catcher.start()
        print(f"       SMTP catcher up at {time.time() - started:.1f} s", flush=True)
        at(0.85)
        # A graceful restart: the server finishes its requests, the worker its batch.
        self.procs["b"].send_signal(signal.SIGTERM)
        try:
            code = self.procs["b"].wait(timeout=40)
        except subprocess.TimeoutExpired:
            code = None
            self.procs["b"].kill()
            self.procs["b"].wait()
        self.check(code == 0, f"replica b stopped on SIGTERM within 40 s (exit {code})")
        self.start_replica("b")
        self.check(self.ready("b"), f"replica b restarted and ready at {time.time() - started:.1f} s")
        at(1.0)
        scheduled.join(timeout=120)

    def settle(self) -> None:
        """Waits for the outbox to empty. Messages that failed while the catcher was down wait
        out a backoff of 30 s or more; as an operator would after an outage, they are made
        due now."""
        psql(self.db_url, "UPDATE outbox SET next_attempt_at = now() WHERE status = 'pending'")
        end = time.time() + self.args.settle_seconds
        while time.time() < end:
            left = int(psql(self.db_url, "SELECT count(*) FROM outbox WHERE status = 'pending'")[0][0])
            if left == 0:
                break
            time.sleep(1)
        time.sleep(1)  # the last acknowledgements of the catcher reach its list

    def verify(self) -> None:
        db = self.db_url
        load = (
            f"load through nginx: {dict(sorted(self.counts.items()))}; {len(self.acknowledged_receipts)} complaints "
            f"taken online, {len(self.acknowledged_steps)} acknowledgements"
        )
        print("       " + load, flush=True)
        roles = {
            r[0]
            for r in psql(
                db,
                "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
            )
        }
        self.check(
            roles == {SERVER_ROLE},
            f"the replicas' connections are all the role bound by row-level security ({sorted(roles)})",
        )
        refs = set(self.acknowledged_receipts)
        present = {r[0] for r in psql(db, "SELECT reference FROM complaints")}
        missing = refs - present
        self.check(not missing and len(refs) > 0, f"every complaint the form acknowledged is stored ({len(refs)}; missing {sorted(missing)[:5]})")
        if self.acknowledged_steps:
            ids = ",".join(f"'{i}'" for i in set(self.acknowledged_steps))
            still = psql(db, f"SELECT id FROM complaints WHERE id IN ({ids}) AND status = 'received'")
        else:
            still = []
        self.check(
            not still and len(self.acknowledged_steps) > 0,
            f"every acknowledgement the API confirmed is stored ({len(set(self.acknowledged_steps))}; lost {len(still)})",
        )
        dupes = psql(db, "SELECT landlord_id, reference, count(*) FROM complaints GROUP BY 1, 2 HAVING count(*) > 1")
        total = psql(db, "SELECT count(*) FROM complaints")[0][0]
        self.check(not dupes, f"references are unique ({total} complaints; duplicated {dupes[:3]})")

        rows = psql(db, "SELECT id, status, attempts, last_error IS NULL FROM outbox")
        by_status = Counter(r[1] for r in rows)
        self.check(
            len(rows) > 0 and set(by_status) == {"sent"},
            f"the outbox is delivered ({dict(by_status)})",
        )
        with self.catcher.lock:
            seen = Counter(mid.strip("<>").split("@")[0] for mid, _, _ in self.catcher.messages)
        sent_ids = {r[0] for r in rows if r[1] == "sent"}
        # Claimed twice and never failed: its first sender died mid-send.
        reclaimed = {r[0] for r in rows if int(r[2]) >= 2 and r[3] == "t"}
        never = sent_ids - set(seen)
        twice = {m for m, n in seen.items() if n > 1}
        strangers = set(seen) - {r[0] for r in rows}
        self.check(
            not never and not strangers,
            f"every email in the outbox was delivered, under its own Message-ID ({len(sent_ids)} in the outbox, "
            f"{len(seen)} Message-IDs received; never {len(never)}, unknown {len(strangers)})",
        )
        # A worker killed between the SMTP server's answer and recording it leaves the message
        # claimed; another sends it when the lease lapses. That is the one way a message goes
        # twice, and it goes with the same Message-ID, so the receiving side recognises it.
        self.check(
            twice <= reclaimed and len(twice) <= 8,
            f"an email went twice only when the SIGKILL cut its send off (claimed twice, never failed; at most the "
            f"worker's 8 in flight), under the same Message-ID ({len(twice)} such; {sum(seen.values())} deliveries "
            f"of {len(seen)} messages)",
        )
        self.counts["emails delivered twice (SIGKILL mid-send)"] = len(twice)
        # The replicas' schedulers did today's run on the empty database, before the seed.
        # The two run-day processes shared the last working day's: staff emails queued since
        # they started are theirs, none twice, and a third run finds nothing left to send.
        since = getattr(self, "run_day_started", "infinity")
        staff = psql(
            db,
            f"SELECT recipient, subject, count(*) FROM outbox WHERE created_at >= '{since}' "
            "AND recipient NOT LIKE 'resident%@example.org' GROUP BY 1, 2",
        )
        queued = sum(
            sum(int(w) for w in out.split("queued", 1)[1].split() if w.isdigit())
            for out in getattr(self, "run_day_output", [])
            if "queued" in out
        )
        again = subprocess.run(
            [self.args.binary, "run-day", "--day", self.run_day],
            env=self.env() | {"REDRESS_DATA_DIR": str(self.dir / "data-run-again")},
            capture_output=True,
            text=True,
        ).stdout.strip()
        messages = sum(int(n) for _, _, n in staff)
        self.check(
            queued > 0 and messages == queued and all(n == "1" for _, _, n in staff) and "queued 0 reminders, 0 weekly digests, 0 performance" in again,
            f"each scheduled reminder and digest went once: the two processes queued {queued} between them, "
            f"{messages} in the outbox, none twice; a third run: {again!r}",
        )
        runs = psql(db, "SELECT job, period, claimed_by, finished_at IS NOT NULL FROM scheduler_runs")
        self.check(
            [r[1] for r in runs] == [uk_today().isoformat()] and runs[0][3] == "t",
            f"today's run, shared by the two replicas' schedulers through its one row, finished ({runs})",
        )
        agree = (Path(__file__).parent / "events_agree.sql").read_text()
        disagree = psql(db, agree)
        self.check(not disagree, f"every complaint's events agree with its state ({total} complaints; disagreeing {disagree[:3]})")

    def teardown(self) -> None:
        for p in self.procs.values():
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs.values():
            try:
                p.wait(timeout=40)
            except subprocess.TimeoutExpired:
                p.kill()
        if self.nginx and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        self.catcher.stop()
        for f in self.logs:
            f.close()
        if self.args.keep:
            print(f"kept: database {self.db_name}, files {self.dir}")
            return
        try:
            psql(self.admin_url, f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
        except subprocess.CalledProcessError as e:
            print(f"could not drop {self.db_name}: {e.stderr}", file=sys.stderr)
        if self.failures:
            print(f"the logs of the failed run are kept in {self.dir}")
        else:
            subprocess.run(["rm", "-rf", str(self.dir)], check=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--nginx", default="nginx")
    ap.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--seconds", type=float, default=20, help="how long the load runs")
    ap.add_argument("--residents", type=int, default=3, help="threads complaining online")
    ap.add_argument("--seed-complaints", type=int, default=200)
    ap.add_argument("--settle-seconds", type=float, default=60)
    ap.add_argument("--keep", action="store_true", help="keep the database and logs")
    args = ap.parse_args()
    run = Run(args)
    started = time.time()
    try:
        run.setup()
        run.limits()
        run.load()
        run.settle()
        run.verify()
    except Exception as e:  # the report says what broke; the run still cleans up
        run.failures.append(f"FAIL  the run stopped: {e!r}")
        print(run.failures[-1], flush=True)
    finally:
        run.teardown()
    print(f"\nreplicas: {len(run.report)} checks passed, {len(run.failures)} failed, in {time.time() - started:.0f} s")
    for line in run.failures:
        print(line)
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
