#!/usr/bin/env python3
"""Fuzzes the API with schemathesis, signed in as each role in turn.

Starts `redress serve` on a fresh SQLite database in a temporary folder, seeds two landlords
through the API (every role, a complaint with a remedy and an action, a resident with an
adjustment and a restriction, a service request, a learning entry, a letter, a pending
invitation), then runs schemathesis against the committed OpenAPI document once per role for
a bounded time, with the path parameters pointing at real records so that the fuzzing reaches
the handlers rather than stopping at 404.

The checks: no server error (5xx), every status returned is documented, every response's
content type and body conform to the document.

Usage: run.py REDRESS_BINARY OPENAPI_JSON [--seconds-per-role N]
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

PASSWORD = "a fuzzing passphrase of some length"
ROLES = [
    "complaints_officer",
    "case_handler",
    "contractor",
    "mrc",
    "governing_body",
    "panel_member",
]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Api:
    def __init__(self, base):
        self.base = base

    def call(self, method, path, token=None, body=None, ok=(200, 201, 202, 204)):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + "/api/v1" + path, data=data, method=method)
        if body is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        if status not in ok:
            raise RuntimeError(f"{method} {path} -> {status}: {text}")
        return json.loads(text) if text else None

    def login(self, email):
        return self.call("POST", "/auth/login", body={"email": email, "password": PASSWORD})


def seed(api, binary, env):
    made = subprocess.run(
        [binary, "admin", "create-platform-admin", "--email", "ops@fuzz.test"],
        input=PASSWORD + "\n", text=True, env=env, capture_output=True,
    )
    if made.returncode != 0:
        raise RuntimeError("create-platform-admin failed: " + made.stderr)
    platform = api.login("ops@fuzz.test")["access_token"]
    tokens = {"platform_admin": platform}
    ids = {}
    for slug in ["alpha", "bravo"]:
        created = api.call("POST", "/landlords", platform, {
            "name": f"{slug.title()} Homes", "slug": slug, "kind": "housing_association",
            "homes": 1200, "admin_email": f"admin@{slug}.test"})
        token = created["invitation"]["accept_token"]
        api.call("POST", f"/invitations/{token}/accept", body={"name": "Admin", "password": PASSWORD})
        admin = api.login(f"admin@{slug}.test")["access_token"]
        contractor = api.call("POST", f"/landlords/{slug}/contractors", admin,
                              {"name": "Fixit Ltd", "email": f"jobs@fixit-{slug}.test"})
        users = {"landlord_admin": admin}
        for role in ROLES:
            email = f"{role.replace('_', '-')}@{slug}.test"
            body = {"email": email, "role": role}
            if role == "contractor":
                body["contractor_id"] = contractor["id"]
            inv = api.call("POST", f"/landlords/{slug}/invitations", admin, body)
            me = api.call("POST", f"/invitations/{inv['accept_token']}/accept",
                          body={"name": role, "password": PASSWORD})
            users[role] = api.login(email)["access_token"]
            if slug == "alpha" and role == "case_handler":
                ids["user"] = me["id"]
            if slug == "bravo" and role == "panel_member":
                ids["account"] = me["id"]
        if slug == "alpha":
            tokens.update(users)
            ids["contractor"] = contractor["id"]
            officer = users["complaints_officer"]
            c = api.call("POST", "/landlords/alpha/complaints", officer, {
                "resident": {"name": "Mary Jones", "email": "mary@example.org"},
                "channel": "phone", "received_on": "2025-01-06", "category": "repairs",
                "description": "The boiler has been broken for three weeks."})
            ids["complaint"] = c["id"]
            ids["resident"] = c["resident_id"]
            api.call("POST", f"/landlords/alpha/complaints/{c['id']}/acknowledge", officer, {
                "definition": "The boiler repair was late.", "outcomes_sought": "A working boiler",
                "responsible_for": "Heating repairs", "on": "2025-01-06",
                "letter_already_sent": False})
            api.call("POST", f"/landlords/alpha/complaints/{c['id']}/allocate", officer,
                     {"contractor_id": contractor["id"], "on": "2025-01-06"})
            done = api.call("POST", f"/landlords/alpha/complaints/{c['id']}/respond", officer, {
                "decision": "upheld", "reasons": "The engineer missed two appointments.",
                "remedies": [{"kind": "financial", "description": "Compensation",
                              "amount_pence": 5000, "due_on": "2025-02-01"}],
                "outstanding_actions": [{"description": "Replace the boiler", "owner": "Repairs",
                                         "due_on": "2025-02-01"}],
                "on": "2025-01-08", "letter_already_sent": False})
            ids["remedy"] = done["remedies"][0]["id"]
            ids["action"] = done["outstanding_actions"][0]["id"]
            adj = api.call("POST", f"/landlords/alpha/residents/{c['resident_id']}/adjustments", officer, {
                "description": "Letters in large print", "category": "communication_format",
                "agreed_on": "2025-01-06", "next_review_on": "2027-01-06"})
            ids["adjustment"] = adj["id"]
            sr = api.call("POST", "/landlords/alpha/service-requests", officer, {
                "resident_id": c["resident_id"], "category": "repairs",
                "description": "Boiler not working", "reported_on": "2025-01-02"})
            ids["service_request"] = sr["id"]
            learning = api.call("POST", "/landlords/alpha/learning", officer, {
                "complaint_ids": [c["id"]], "service_area": "repairs",
                "what_went_wrong": "Missed appointments", "lesson": "Confirm the day before",
                "improvement": "Text reminders", "status": "identified"})
            ids["learning"] = learning["id"]
            letters = api.call("GET", f"/landlords/alpha/complaints/{c['id']}/letters", officer)
            ids["letter"] = letters["items"][0]["id"]
            outbox = api.call("GET", "/landlords/alpha/outbox", admin)
            ids["outbox"] = outbox["items"][0]["id"]
            inv = api.call("POST", "/landlords/alpha/invitations", admin,
                           {"email": "pending@alpha.test", "role": "mrc"})
            ids["invitation"] = inv["id"]
    return tokens, ids


def config(base, token, ids, slug, seconds):
    """The schemathesis configuration for one role."""
    def esc(s):
        return s.replace("\\", "\\\\").replace('"', '\\"')

    lines = [
        f'base-url = "{base}"',
        f"max-time = {seconds}",
        "continue-on-failure = true",
        "request-timeout = 30.0",
        "[generation]",
        "max-examples = 25",
        "[checks]",
        "enabled = false",
        "not_a_server_error.enabled = true",
        "status_code_conformance.enabled = true",
        "content_type_conformance.enabled = true",
        "response_schema_conformance.enabled = true",
        "[parameters]",
        f'"path.slug" = "{slug}"',
        '"path.year" = 2024',
        '"path.kind" = "acknowledgement"',
    ]
    if token:
        lines += ["[headers]", f'Authorization = "Bearer {esc(token)}"']
    rules = [
        (r"^/api/v1/landlords/\{slug\}/complaints/\{id\}",
         {"path.id": ids["complaint"], "path.rid": ids["remedy"], "path.aid": ids["action"]}),
        (r"^/api/v1/landlords/\{slug\}/residents/\{id\}",
         {"path.id": ids["resident"], "path.aid": ids["adjustment"]}),
        (r"^/api/v1/landlords/\{slug\}/users/\{id\}", {"path.id": ids["user"]}),
        (r"^/api/v1/landlords/\{slug\}/contractors/\{id\}", {"path.id": ids["contractor"]}),
        (r"^/api/v1/landlords/\{slug\}/learning/\{id\}", {"path.id": ids["learning"]}),
        (r"^/api/v1/landlords/\{slug\}/service-requests/\{id\}", {"path.id": ids["service_request"]}),
        (r"^/api/v1/landlords/\{slug\}/letters/\{id\}", {"path.id": ids["letter"]}),
        (r"^/api/v1/landlords/\{slug\}/outbox/\{id\}", {"path.id": ids["outbox"]}),
        (r"^/api/v1/landlords/\{slug\}/invitations/\{id\}", {"path.id": ids["invitation"]}),
        (r"^/api/v1/platform/accounts/\{id\}", {"path.id": ids["account"]}),
    ]
    for regex, params in rules:
        lines.append("[[operations]]")
        lines.append(f'include-path-regex = "{esc(regex)}"')
        lines.append("[operations.parameters]")
        for k, v in params.items():
            lines.append(f'"{k}" = "{v}"')
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("openapi")
    ap.add_argument("--schemathesis", default="schemathesis")
    ap.add_argument("--seconds-per-role", type=int, default=40)
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="redress-fuzz-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    env.update({
        "REDRESS_DATABASE_URL": f"sqlite://{work}/redress.db?mode=rwc",
        "REDRESS_DATA_DIR": work,
        "REDRESS_LISTEN": f"127.0.0.1:{port}",
        "REDRESS_PUBLIC_URL": base,
        "REDRESS_JWT_SECRET": "a fuzzing secret that is long enough to sign with",
        "REDRESS_DATA_SECRET": "a fuzzing data secret that is long enough",
        "REDRESS_REQUIRE_MFA": "false",
        "REDRESS_RUN_SCHEDULER": "false",
        "REDRESS_ARGON2_MEMORY_KIB": "1024",
        "REDRESS_ARGON2_ITERATIONS": "1",
        "REDRESS_ACCESS_TOKEN_MINUTES": "120",
        "REDRESS_PUBLIC_RATE_PER_SECOND": "1000",
        "REDRESS_PUBLIC_BURST": "100000",
        "REDRESS_LIMIT_ADDRESS_FAILURES": "1000000",
        "REDRESS_LIMIT_FIRST_DELAY_MS": "1",
        "REDRESS_LIMIT_MAX_DELAY_MS": "5",
        "REDRESS_PUBLIC_COMPLAINTS_PER_HOUR": "100000",
        "REDRESS_LOG_FORMAT": "json",
        "RUST_LOG": os.environ.get("RUST_LOG", "error"),
    })
    log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen([args.binary, "serve"], env=env, stdout=log, stderr=log)
    failed = []
    try:
        api = Api(base)
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except Exception:
                time.sleep(0.1)
        tokens, ids = seed(api, args.binary, env)
        # The platform admin goes last, on the other landlord: it may suspend it. Anonymous
        # requests cover the public routes and sign-in.
        runs = [(role, tokens[role], "alpha") for role in ROLES]
        runs += [("landlord_admin", tokens["landlord_admin"], "alpha"),
                 ("anonymous", None, "alpha"),
                 ("platform_admin", tokens["platform_admin"], "bravo")]
        for role, token, slug in runs:
            path = os.path.join(work, f"schemathesis-{role}.toml")
            with open(path, "w") as f:
                f.write(config(base, token, ids, slug, args.seconds_per_role))
            print(f"\n==> schemathesis as {role} ({args.seconds_per_role} s)", flush=True)
            cmd = [args.schemathesis, "--config-file", path, "run", os.path.abspath(args.openapi),
                   "--phases", "examples,coverage,fuzzing", "--workers", "1",
                   "--suppress-health-check", "all", "--warnings", "off",
                   "--exclude-operation-id", "logout"]
            # In the temporary folder, which keeps schemathesis's cache out of the checkout.
            result = subprocess.run(cmd, cwd=work)
            if result.returncode != 0:
                failed.append(role)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        if failed:
            print(f"\nThe server's log is in {work}/server.log")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if failed:
        print("schemathesis found failures as: " + ", ".join(failed), file=sys.stderr)
        sys.exit(1)
    print("\nschemathesis: no server errors, no undocumented statuses, every response as documented")


if __name__ == "__main__":
    main()
