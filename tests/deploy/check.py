#!/usr/bin/env python3
"""Checks deploy/ against the code it deploys.

Run from anywhere, with a Python that has PyYAML (the virtualenv scripts/test.sh makes has it):

    ${XDG_CACHE_HOME:-$HOME/.cache}/redress-tools/venv/bin/python tests/deploy/check.py

It checks that every YAML and JSON file in deploy/ parses; that the compose file has
PostgreSQL, a one-shot migration, two server replicas, nginx and an SMTP catcher; that the
Kubernetes set has its Deployment, migration Job, ConfigMap, Secret, PodDisruptionBudget and
Service as they should be; that every REDRESS_* variable they use is a setting of
crates/server/src/config.rs; that the Dockerfile builds as CI does (scripts/test.sh) and runs
as a user other than root with a health check; that every metric the alerts and the dashboard
read is emitted by the code; and that deploy/README.md names every setting's variable.

Exit status: 0 when everything holds, 1 otherwise (each failure is printed).
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
CONFIG_RS = ROOT / "crates/server/src/config.rs"
MAIN_RS = ROOT / "crates/server/src/main.rs"
TEST_SH = ROOT / "scripts/test.sh"
ATTACHMENTS_RS = ROOT / "crates/api/src/routes/complaints/attachments.rs"

try:
    import yaml
except ImportError:  # pragma: no cover - depends on the interpreter
    print(
        "tests/deploy/check.py needs PyYAML. Run it with the virtualenv of scripts/test.sh\n"
        "(${XDG_CACHE_HOME:-$HOME/.cache}/redress-tools/venv/bin/python) or install PyYAML.",
        file=sys.stderr,
    )
    sys.exit(1)


@dataclass
class Report:
    failures: list[str] = field(default_factory=list)
    checks: int = 0

    def section(self, title: str) -> None:
        print(f"\n== {title}")

    def ok(self, what: str) -> None:
        self.checks += 1
        print(f"  ok    {what}")

    def fail(self, what: str) -> None:
        self.checks += 1
        self.failures.append(what)
        print(f"  FAIL  {what}")

    def expect(self, condition: bool, what: str, why: str = "") -> bool:
        if condition:
            self.ok(what)
        else:
            self.fail(f"{what}: {why}" if why else what)
        return condition


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --- What the code defines ------------------------------------------------------------------


def settings_fields() -> list[str]:
    """The `pub <name>:` fields of `struct Settings` in config.rs, in order."""
    text = CONFIG_RS.read_text()
    m = re.search(r"pub struct Settings\s*\{(.*?)\n\}", text, re.S)
    if not m:
        raise SystemExit(f"{rel(CONFIG_RS)}: `pub struct Settings` not found")
    return re.findall(r"^\s*pub\s+([a-z0-9_]+)\s*:", m.group(1), re.M)


def cli_env_vars() -> set[str]:
    """Variables the command line reads itself (`#[arg(env = "REDRESS_...")]`)."""
    if not MAIN_RS.exists():
        return set()
    return set(re.findall(r'env\s*=\s*"(REDRESS_[A-Z0-9_]+)"', MAIN_RS.read_text()))


def kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def cli_subcommands() -> tuple[dict[str, set[str]], set[str]]:
    """`redress` subcommands (the variants of `enum Command` in main.rs, kebab-case) with the
    flags of each, and the global flags (`struct GlobalArgs`)."""
    text = MAIN_RS.read_text() if MAIN_RS.exists() else ""
    commands: dict[str, set[str]] = {}
    m = re.search(r"enum Command\s*\{(.*?)\n\}", text, re.S)
    if m:
        for v in re.finditer(r"^    ([A-Z]\w*)\s*(\{(.*?)^    \}|,)", m.group(1), re.S | re.M):
            fields = re.findall(r"^\s*([a-z_][a-z0-9_]*)\s*:", v.group(3) or "", re.M)
            commands[kebab(v.group(1))] = {"--" + f.replace("_", "-") for f in fields}
    g = re.search(r"struct GlobalArgs\s*\{(.*?)\n\}", text, re.S)
    global_flags = {
        "--" + f.replace("_", "-") for f in re.findall(r"^\s*([a-z_][a-z0-9_]*)\s*:", g.group(1), re.M)
    } if g else set()
    return commands, global_flags | {"--help", "-h"}


METRIC_CALL = re.compile(
    r"\b(counter|gauge|histogram)!\s*\(\s*\"(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\"", re.S
)


def emitted_metrics() -> dict[str, str]:
    """Metric names in `counter!(`, `gauge!(` and `histogram!(` calls under crates/."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "crates").rglob("*.rs")):
        for m in METRIC_CALL.finditer(path.read_text(errors="replace")):
            found.setdefault(m.group("name"), m.group(1))
    return found


def rust_int_expr(text: str) -> int | None:
    """`20 * 1024 * 1024` or `64 * 1024` as a number (digits, `_` and `*` only)."""
    text = text.strip().replace("_", "")
    if not re.fullmatch(r"\d+(\s*\*\s*\d+)*", text):
        return None
    value = 1
    for part in text.split("*"):
        value *= int(part)
    return value


# --- Reading the deploy files ---------------------------------------------------------------


def load_yaml_files(report: Report) -> dict[Path, list]:
    report.section("YAML and JSON in deploy/ parse")
    docs: dict[Path, list] = {}
    paths = sorted(p for p in DEPLOY.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    report.expect(bool(paths), "deploy/ has YAML files", "none found")
    for path in paths:
        try:
            docs[path] = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
            report.ok(f"{rel(path)} ({len(docs[path])} document{'s' if len(docs[path]) != 1 else ''})")
        except yaml.YAMLError as e:
            report.fail(f"{rel(path)} does not parse: {e}")
    for path in sorted(p for p in DEPLOY.rglob("*.json") if p.is_file()):
        try:
            json.loads(path.read_text())
            report.ok(f"{rel(path)}")
        except json.JSONDecodeError as e:
            report.fail(f"{rel(path)} does not parse: {e}")
    return docs


def env_names(environment) -> dict[str, str]:
    """A compose `environment:` (mapping or list of NAME=value) as a mapping."""
    if isinstance(environment, dict):
        return {str(k): "" if v is None else str(v) for k, v in environment.items()}
    out = {}
    for item in environment or []:
        name, _, value = str(item).partition("=")
        out[name] = value
    return out


def command_words(cmd) -> list[str]:
    if cmd is None:
        return []
    if isinstance(cmd, str):
        return shlex.split(cmd)
    return [str(c) for c in cmd]


# --- Compose ---------------------------------------------------------------------------------


def check_compose(report: Report, docs: dict[Path, list]) -> dict[str, dict]:
    report.section("deploy/compose.yaml")
    path = DEPLOY / "compose.yaml"
    if path not in docs or not docs[path]:
        report.fail(f"{rel(path)} is missing or empty")
        return {}
    compose = docs[path][0]
    services: dict[str, dict] = compose.get("services") or {}

    def image(svc: dict) -> str:
        return str(svc.get("image") or "")

    def is_redress(svc: dict) -> bool:
        build = svc.get("build")
        dockerfile = build.get("dockerfile") if isinstance(build, dict) else None
        return dockerfile == "deploy/Dockerfile" or image(svc).split(":")[0].endswith("redress")

    postgres = [n for n, s in services.items() if image(s).startswith("postgres")]
    report.expect(bool(postgres), "a PostgreSQL service", "no service runs a postgres image")
    for n in postgres:
        report.expect(
            image(services[n]).split(":")[-1].startswith("16"),
            f"{n} runs PostgreSQL 16 ({image(services[n])})",
            "expected a postgres:16 image",
        )
        report.expect(bool(services[n].get("volumes")), f"{n} keeps its data in a volume", "no volumes")
        test = " ".join(command_words((services[n].get("healthcheck") or {}).get("test")))
        report.expect("pg_isready" in test, f"{n} has a pg_isready health check", f"test is {test!r}")

    redress = {n: s for n, s in services.items() if is_redress(s)}
    for n, s in redress.items():
        build = s.get("build")
        if isinstance(build, dict):
            report.expect(
                build.get("context") == ".." and build.get("dockerfile") == "deploy/Dockerfile",
                f"{n} builds from context .. with deploy/Dockerfile",
                f"build is {build}",
            )
    migrate = [n for n, s in redress.items() if command_words(s.get("command"))[:1] == ["migrate"]]
    replicas = [
        n for n, s in redress.items() if command_words(s.get("command"))[:1] in ([], ["serve"])
    ]
    report.expect(bool(migrate), f"a one-shot migration service ({', '.join(migrate) or 'none'})",
                  "no redress service runs `migrate`")
    for n in migrate:
        restart = str(services[n].get("restart", "no"))
        report.expect(restart == "no", f"{n} runs once (restart: {restart})", "it should not restart")
        deps = services[n].get("depends_on") or {}
        report.expect(
            any(isinstance(deps, dict) and (deps.get(p) or {}).get("condition") == "service_healthy"
                for p in postgres),
            f"{n} waits for PostgreSQL to be healthy", f"depends_on is {deps}",
        )
    report.expect(len(replicas) >= 2, f"two or more server replicas ({', '.join(replicas) or 'none'})",
                  f"found {len(replicas)}")
    for n in replicas:
        deps = services[n].get("depends_on") or {}
        report.expect(
            any(isinstance(deps, dict) and (deps.get(m) or {}).get("condition")
                == "service_completed_successfully" for m in migrate),
            f"{n} starts after the migration succeeds", f"depends_on is {deps}",
        )
    if replicas:
        envs = [env_names(services[n].get("environment")) for n in replicas]
        for var in ("REDRESS_JWT_SECRET", "REDRESS_DATA_SECRET"):
            values = {e.get(var) for e in envs}
            same = len(values) == 1 and None not in values
            required = all(re.fullmatch(r"\$\{" + var + r":\?[^}]*\}", v or "") for v in values)
            report.expect(same and required,
                          f"{var} is the same required ${{{var}:?...}} on every replica",
                          f"values are {sorted(str(v) for v in values)}")
        wanted = {
            "REDRESS_SMTP_URL": "smtp://mailpit:1025",
            "REDRESS_LOG_FORMAT": "json",
            "REDRESS_METRICS_LISTEN": "0.0.0.0:9100",
        }
        for var, value in wanted.items():
            report.expect(all(e.get(var) == value for e in envs), f"{var}={value} on every replica",
                          f"values are {[e.get(var) for e in envs]}")
        report.expect(all(e.get("REDRESS_TRUSTED_PROXIES") for e in envs),
                      "REDRESS_TRUSTED_PROXIES is set on every replica", "missing")
        # Row-level security: the servers connect as a role of their own and never hold the
        # owner's URL; the migration runs as the owner and grants the servers' role.
        report.expect(all("REDRESS_MIGRATION_DATABASE_URL" not in e for e in envs),
                      "no replica is given the owner's REDRESS_MIGRATION_DATABASE_URL", "one is")
        server_urls = {e.get("REDRESS_DATABASE_URL") for e in envs}
        migrate_envs = [env_names(services[m].get("environment")) for m in migrate]
        owner_urls = {e.get("REDRESS_MIGRATION_DATABASE_URL") for e in migrate_envs}
        report.expect(bool(migrate_envs) and None not in owner_urls and not (owner_urls & server_urls),
                      "the migration runs as the owner, the replicas as another role",
                      f"replicas {sorted(map(str, server_urls))}, migration {sorted(map(str, owner_urls))}")
        report.expect(all(e.get("REDRESS_DATABASE_URL") in server_urls for e in migrate_envs),
                      "the migration grants the replicas' role (its REDRESS_DATABASE_URL is theirs)",
                      f"migration's is {[e.get('REDRESS_DATABASE_URL') for e in migrate_envs]}")

    nginx = [n for n, s in services.items() if image(s).startswith("nginx")]
    report.expect(bool(nginx), f"an nginx service ({', '.join(nginx) or 'none'})", "none")
    for n in nginx:
        volumes = " ".join(str(v) for v in services[n].get("volumes") or [])
        report.expect("nginx/redress.conf" in volumes, f"{n} mounts deploy/nginx/redress.conf",
                      f"volumes are {volumes!r}")
        ports = " ".join(str(p) for p in services[n].get("ports") or [])
        report.expect(":443" in ports and ":80" in ports, f"{n} publishes 443 and 80", f"ports are {ports!r}")
        proxies = {env_names(services[r].get("environment")).get("REDRESS_TRUSTED_PROXIES") for r in replicas}
        addresses = {
            str((net or {}).get("ipv4_address"))
            for net in (services[n].get("networks") or {}).values()
            if isinstance(services[n].get("networks"), dict) and isinstance(net, dict)
        }
        report.expect(bool(addresses & proxies) or proxies == {n},
                      f"the replicas trust {n}'s address ({', '.join(sorted(addresses)) or 'none'})",
                      f"REDRESS_TRUSTED_PROXIES is {proxies}")
    catcher = [n for n, s in services.items() if re.search(r"mailpit|mailhog|smtp4dev", image(s))]
    report.expect(bool(catcher), f"an SMTP catcher ({', '.join(catcher) or 'none'})",
                  "no mailpit (or similar) service")
    return services


# --- Kubernetes ------------------------------------------------------------------------------


def check_k8s(report: Report, docs: dict[Path, list]) -> list[dict]:
    report.section("deploy/k8s")
    k8s = DEPLOY / "k8s"
    kustomization = k8s / "kustomization.yaml"
    if kustomization not in docs or not docs[kustomization]:
        report.fail(f"{rel(kustomization)} is missing or empty")
        return []
    listed = docs[kustomization][0].get("resources") or []
    objects: list[dict] = []
    for name in listed:
        path = k8s / name
        if report.expect(path.is_file(), f"kustomization lists {name}", "the file is missing"):
            objects.extend(d for d in docs.get(path, []) if isinstance(d, dict))
    unlisted = sorted(
        p.name for p in k8s.glob("*.y*ml") if p.name not in listed and p != kustomization
    )
    report.expect(not unlisted, "every manifest in deploy/k8s is in the kustomization",
                  f"not listed: {', '.join(unlisted)}")
    report.expect(all(not (o.get("metadata") or {}).get("namespace") for o in objects),
                  "no manifest names a namespace", "a namespace is set")

    def of_kind(kind: str) -> list[dict]:
        return [o for o in objects if o.get("kind") == kind]

    for kind in ("ConfigMap", "Secret", "PodDisruptionBudget", "Service"):
        found = [o["metadata"]["name"] for o in of_kind(kind)]
        report.expect(bool(found), f"a {kind} ({', '.join(found) or 'none'})", "missing")

    def non_root(pod: dict, container: dict) -> bool:
        pod_sc = pod.get("securityContext") or {}
        c_sc = container.get("securityContext") or {}
        return bool(c_sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot"))) and \
            c_sc.get("runAsUser", pod_sc.get("runAsUser")) not in (0, "0")

    deployments = of_kind("Deployment")
    report.expect(bool(deployments), "a Deployment", "missing")
    for d in deployments:
        name = d["metadata"]["name"]
        spec = d.get("spec") or {}
        replicas = spec.get("replicas", 1)
        report.expect(isinstance(replicas, int) and replicas >= 2, f"Deployment {name} has {replicas} replicas",
                      "expected 2 or more")
        pod = (spec.get("template") or {}).get("spec") or {}
        for c in pod.get("containers") or []:
            cname = f"Deployment {name}, container {c.get('name')}"
            report.expect("readinessProbe" in c and "livenessProbe" in c,
                          f"{cname} has readiness and liveness probes", "a probe is missing")
            res = c.get("resources") or {}
            report.expect(bool(res.get("requests")) and bool(res.get("limits")),
                          f"{cname} has resource requests and limits", f"resources are {res}")
            report.expect(non_root(pod, c), f"{cname} runs as non-root", "runAsNonRoot is not true")
    jobs = of_kind("Job")
    migrate_jobs = []
    for j in jobs:
        pod = ((j.get("spec") or {}).get("template") or {}).get("spec") or {}
        for c in pod.get("containers") or []:
            words = command_words(c.get("command")) + command_words(c.get("args"))
            if "migrate" in words:
                migrate_jobs.append(j["metadata"]["name"])
                report.expect(non_root(pod, c), f"Job {j['metadata']['name']} runs as non-root",
                              "runAsNonRoot is not true")
    report.expect(bool(migrate_jobs), f"a Job running `migrate` ({', '.join(migrate_jobs) or 'none'})",
                  "no Job's container runs migrate")
    pdbs = of_kind("PodDisruptionBudget")
    for p in pdbs:
        spec = p.get("spec") or {}
        report.expect("minAvailable" in spec or "maxUnavailable" in spec,
                      f"PodDisruptionBudget {p['metadata']['name']} sets minAvailable or maxUnavailable",
                      "neither is set")
    return objects


# --- Settings named in compose and Kubernetes -----------------------------------------------


def check_variables(report: Report, services: dict[str, dict], objects: list[dict],
                    settings: list[str], extra_env: set[str]) -> None:
    report.section("REDRESS_* variables are settings of crates/server/src/config.rs")
    known = {"REDRESS_" + s.upper() for s in settings}
    print(f"  ({len(known)} settings in `struct Settings`"
          + (f"; also read by the command line: {', '.join(sorted(extra_env))}" if extra_env else "")
          + ")")
    used: dict[str, set[str]] = {}

    def note(var: str, where: str) -> None:
        used.setdefault(var, set()).add(where)

    for n, s in services.items():
        for var in env_names(s.get("environment")):
            if var.startswith("REDRESS_"):
                note(var, f"compose {n}")
    for o in objects:
        kind, name = o.get("kind"), (o.get("metadata") or {}).get("name")
        if kind == "ConfigMap":
            for var in (o.get("data") or {}):
                if var.startswith("REDRESS_"):
                    note(var, f"ConfigMap {name}")
        pod = None
        if kind in ("Deployment", "Job", "StatefulSet", "DaemonSet"):
            pod = ((o.get("spec") or {}).get("template") or {}).get("spec") or {}
        for c in (pod or {}).get("containers") or []:
            for e in c.get("env") or []:
                if str(e.get("name", "")).startswith("REDRESS_"):
                    note(e["name"], f"{kind} {name}")
    # Anything else spelt REDRESS_* in these files: interpolations, comments, the Dockerfile.
    texts = [DEPLOY / "compose.yaml", DEPLOY / "Dockerfile", DEPLOY / ".env.example",
             *sorted((DEPLOY / "k8s").glob("*.y*ml"))]
    for path in texts:
        if path.is_file():
            for var in re.findall(r"\bREDRESS_[A-Z0-9_]*[A-Z0-9]\b", path.read_text()):
                note(var, rel(path))
    for var in sorted(used):
        where = ", ".join(sorted(used[var]))
        if var in known:
            report.ok(f"{var} ({where})")
        elif var in extra_env:
            report.ok(f"{var} (a command-line variable; {where})")
        else:
            report.fail(f"{var} is not a setting (used in {where})")


# --- Subcommands ------------------------------------------------------------------------------


def check_invocations(report: Report, invocations: list[tuple[str, list[str]]]) -> None:
    """Each `redress <subcommand> [--flag ...]` the deploy files run exists in main.rs."""
    report.section("Subcommands the deploy files run exist in crates/server/src/main.rs")
    commands, global_flags = cli_subcommands()
    print(f"  (subcommands: {', '.join(sorted(commands)) or 'none found'})")
    for where, words in invocations:
        if not words:
            continue
        sub, flags = words[0], [w.split("=")[0] for w in words[1:] if w.startswith("-")]
        unknown = [f for f in flags if f not in commands.get(sub, set()) | global_flags]
        if sub not in commands:
            report.fail(f"{where}: `redress {' '.join(words)}`: there is no subcommand {sub!r}")
        elif unknown:
            report.fail(f"{where}: `redress {' '.join(words)}`: {sub} has no {', '.join(unknown)}")
        else:
            report.ok(f"{where}: redress {' '.join(words)}")


# --- The Dockerfile against CI ---------------------------------------------------------------


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)


def parse_dockerfile(text: str) -> list[Stage]:
    logical: list[str] = []
    buf = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not buf and (not stripped or stripped.startswith("#")):
            continue
        if buf and stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            buf += stripped[:-1] + " "
            continue
        logical.append((buf + stripped).strip())
        buf = ""
    if buf:
        logical.append(buf.strip())
    stages: list[Stage] = []
    for line in logical:
        word, _, rest = line.partition(" ")
        word = word.upper()
        if word == "FROM":
            parts = rest.split()
            parts = [p for p in parts if not p.startswith("--")]
            name = parts[2] if len(parts) >= 3 and parts[1].lower() == "as" else None
            stages.append(Stage(parts[0], name))
        elif stages:
            stages[-1].instructions.append((word, rest.strip()))
    return stages


def run_commands(stage: Stage) -> list[list[str]]:
    """Each shell command of each RUN (split on && and ;), as words, --mount options dropped."""
    out = []
    for word, rest in stage.instructions:
        if word != "RUN":
            continue
        rest = re.sub(r"--mount=\S+\s*", "", rest)
        for part in re.split(r"&&|;", rest):
            words = shlex.split(part)
            if words:
                out.append(words)
    return out


def ci_commands() -> dict[str, list[str]]:
    """The build commands of scripts/test.sh: npm ci, the gen script, vite build, cargo build."""
    found: dict[str, list[str]] = {}
    text = re.sub(r"\\\n", " ", TEST_SH.read_text())
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            words = line.split()
        if words[:2] == ["npm", "ci"]:
            found.setdefault("npm ci", words)
        elif words[:2] == ["npm", "run"] and "gen" in words:
            found.setdefault("npm run gen", words)
        elif words[:3] == ["npx", "vite", "build"]:
            found.setdefault("npx vite build", words)
        elif words[:2] == ["cargo", "build"] and "--bin" in words:
            found.setdefault("cargo build", words)
    return found


def essential_cargo_flags(words: list[str]) -> set[str]:
    """`-p X`, `--bin Y`, `--locked`... as a set; output-only flags (`--quiet`) left out."""
    flags: set[str] = set()
    i = 2
    while i < len(words):
        w = words[i]
        if w in ("-p", "--package", "--bin", "--features", "--target") and i + 1 < len(words):
            flags.add(f"{'-p' if w == '--package' else w} {words[i + 1]}")
            i += 2
            continue
        if w.startswith("-") and w not in ("--quiet", "-q", "-v", "--verbose"):
            flags.add(w)
        i += 1
    return flags


def exec_form(text: str) -> list[str]:
    try:
        words = json.loads(text)
        return [str(w) for w in words] if isinstance(words, list) else []
    except json.JSONDecodeError:
        return shlex.split(text)


def check_dockerfile(report: Report) -> list[tuple[str, list[str]]]:
    """Returns the `redress` invocations of the image (HEALTHCHECK, CMD)."""
    report.section("deploy/Dockerfile against scripts/test.sh")
    path = DEPLOY / "Dockerfile"
    if not path.is_file():
        report.fail(f"{rel(path)} is missing")
        return []
    stages = parse_dockerfile(path.read_text())
    report.expect(len(stages) >= 3, f"{len(stages)} stages ({', '.join(s.name or s.base for s in stages)})",
                  "expected web, build and runtime stages")
    if not stages:
        return []
    ci = ci_commands()
    for key in ("npm ci", "npm run gen", "npx vite build", "cargo build"):
        report.expect(key in ci, f"CI runs `{' '.join(ci.get(key, [key]))}`", f"not found in {rel(TEST_SH)}")
    commands = [(s, c) for s in stages for c in run_commands(s)]

    def find(pred) -> list[tuple[Stage, list[str]]]:
        return [(s, c) for s, c in commands if pred(c)]

    npm_ci = find(lambda c: c[:2] == ["npm", "ci"])
    gen = find(lambda c: c[:2] == ["npm", "run"] and "gen" in c)
    vite = find(lambda c: c[:3] == ["npx", "vite", "build"])
    report.expect(bool(npm_ci), "the image runs `npm ci`", "no RUN npm ci")
    report.expect(bool(gen), "the image runs `npm run gen` (the API types from openapi/openapi.json)",
                  "no RUN npm run gen")
    report.expect(bool(vite), "the image runs `npx vite build`", "no RUN npx vite build")
    if npm_ci and gen and vite:
        web_stages = {id(s) for s, _ in npm_ci + gen + vite}
        report.expect(len(web_stages) == 1, "the portal is built in one stage", "spread over stages")
        openapi_copied = any(
            word == "COPY" and "openapi" in rest for s, _ in gen for word, rest in s.instructions
        )
        report.expect(openapi_copied, "that stage has openapi/openapi.json for `npm run gen`",
                      "no COPY of openapi/")
    cargo = find(lambda c: c[:2] == ["cargo", "build"])
    if report.expect(bool(cargo), "the image runs `cargo build`", "no RUN cargo build") and "cargo build" in ci:
        ci_flags = essential_cargo_flags(ci["cargo build"])
        image_flags = essential_cargo_flags(cargo[0][1])
        missing = ci_flags - image_flags
        report.expect(not missing, f"cargo build has CI's flags ({' '.join(sorted(ci_flags))})",
                      f"missing {' '.join(sorted(missing))}")
        report.expect("--release" in image_flags, "cargo build is --release", "not a release build")
        extra = image_flags - ci_flags - {"--release"}
        report.expect(not extra, "cargo build adds nothing else but --release", f"extra flags {sorted(extra)}")

    runtime = stages[-1]
    by_word: dict[str, list[str]] = {}
    for word, rest in runtime.instructions:
        by_word.setdefault(word, []).append(rest)
    users = by_word.get("USER", [])
    user = users[-1].split(":")[0] if users else ""
    report.expect(bool(user) and user not in ("root", "0"), f"the runtime stage runs as USER {users[-1] if users else '(none)'}",
                  "no USER, or root")
    health = by_word.get("HEALTHCHECK", [])
    report.expect(bool(health) and not health[-1].upper().startswith("NONE"),
                  f"the runtime stage has a HEALTHCHECK ({health[-1] if health else 'none'})", "missing")
    entry = by_word.get("ENTRYPOINT", [])
    entry_words = exec_form(entry[-1]) if entry else []
    report.expect(entry_words[:1] == ["/usr/local/bin/redress"],
                  f"ENTRYPOINT is {entry_words}", "expected [\"/usr/local/bin/redress\"]")
    build_names = {s.name for s, _ in cargo if s.name}
    copies = [
        rest for word, rest in runtime.instructions
        if word == "COPY" and re.search(r"--from=(\S+)", rest)
        and re.search(r"--from=(\S+)", rest).group(1) in build_names
    ]
    copied = any(
        re.search(r"\S*target/release/redress\s+/usr/local/bin/redress\b", rest) for rest in copies
    )
    report.expect(copied, "the runtime copies target/release/redress from the build stage to /usr/local/bin/redress",
                  f"COPY lines from {sorted(build_names)}: {copies}")
    envs = " ".join(by_word.get("ENV", []))
    report.expect("REDRESS_WEB_DIR" in envs, "the runtime sets REDRESS_WEB_DIR", "not set")
    report.expect(bool(by_word.get("EXPOSE")), f"the runtime EXPOSEs {' '.join(by_word.get('EXPOSE', []))}",
                  "no EXPOSE")
    invocations: list[tuple[str, list[str]]] = []
    if health:
        m = re.search(r"\bCMD\s+(.*)$", health[-1])
        words = exec_form(m.group(1)) if m else []
        if words[:1] == ["/usr/local/bin/redress"]:
            invocations.append(("Dockerfile HEALTHCHECK", words[1:]))
        else:
            report.fail(f"the HEALTHCHECK runs {words[:1]}, not /usr/local/bin/redress (no HTTP client in the image)")
    cmd = by_word.get("CMD", [])
    if cmd:
        invocations.append(("Dockerfile CMD", exec_form(cmd[-1])))
    ignore = DEPLOY / "Dockerfile.dockerignore"
    if report.expect(ignore.is_file(), f"{rel(ignore)} exists", "missing"):
        lines = {line.strip() for line in ignore.read_text().splitlines()}
        report.expect({"target", "deploy/.env"} <= lines and any("node_modules" in x for x in lines),
                      "it keeps target/, node_modules and deploy/.env out of the context",
                      "an entry is missing")
    return invocations


# --- nginx -----------------------------------------------------------------------------------


def check_nginx(report: Report) -> None:
    report.section("deploy/nginx/redress.conf")
    path = DEPLOY / "nginx" / "redress.conf"
    if not path.is_file():
        report.fail(f"{rel(path)} is missing")
        return
    conf = "\n".join(re.sub(r"#.*", "", line) for line in path.read_text().splitlines())
    protocols = re.findall(r"ssl_protocols\s+([^;]+);", conf)
    report.expect(bool(protocols) and all(set(p.split()) <= {"TLSv1.2", "TLSv1.3"} for p in protocols),
                  f"TLS 1.2 and 1.3 only ({'; '.join(protocols) or 'none'})", "older protocols allowed")
    report.expect("strict-transport-security" not in conf.lower(),
                  "no HSTS header of its own (the server sends it)", "HSTS would be sent twice")
    report.expect(re.search(r"proxy_set_header\s+X-Forwarded-For\s+\$remote_addr\s*;", conf) is not None,
                  "X-Forwarded-For is replaced with $remote_addr", "not set so")
    report.expect(re.search(r"return\s+30[18]\s+https://", conf) is not None, "HTTP redirects to HTTPS",
                  "no redirect")
    report.expect(re.search(r"location\s+\^?~?\s*/api/v1/public/?\s*\{[^}]*limit_req\s", conf) is not None,
                  "limit_req on /api/v1/public/", "no limit on the public routes")
    servers = re.findall(r"^\s*server\s+(\S+:\d+)", conf, re.M)
    report.expect(len(servers) >= 2, f"an upstream of {len(servers)} servers ({', '.join(servers)})",
                  "expected two replicas")
    size = re.search(r"client_max_body_size\s+(\d+)([kKmMgG]?)\s*;", conf)
    config_text = CONFIG_RS.read_text()
    default = re.search(r"attachment_max_bytes:\s*([\d_\s*]+),", config_text)
    max_bytes = rust_int_expr(default.group(1)) if default else None
    overhead = 0
    if ATTACHMENTS_RS.is_file():
        m = re.search(r"const FORM_OVERHEAD:\s*u64\s*=\s*([\d_\s*]+);", ATTACHMENTS_RS.read_text())
        overhead = rust_int_expr(m.group(1)) or 0 if m else 0
    if size and max_bytes:
        scale = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[size.group(2).lower()]
        limit = int(size.group(1)) * scale
        report.expect(limit >= max_bytes + overhead,
                      f"client_max_body_size {size.group(1)}{size.group(2)} covers an attachment of "
                      f"{max_bytes} bytes and {overhead} bytes of form",
                      f"{limit} < {max_bytes + overhead}")
    else:
        report.fail("client_max_body_size, or the default attachment_max_bytes, not found")


# --- Metrics ---------------------------------------------------------------------------------


def promql_metric_names(expr: str) -> set[str]:
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # label values are not metric names
    return set(re.findall(r"\bredress_[a-z0-9_]+\b", expr))


def check_metrics(report: Report, docs: dict[Path, list]) -> None:
    report.section("Metrics in alerts and the dashboard are emitted by crates/")
    emitted = emitted_metrics()
    print(f"  (emitted by the code: {', '.join(f'{n} [{k}]' for n, k in sorted(emitted.items()))})")
    used: dict[str, set[str]] = {}
    alerts = DEPLOY / "monitoring" / "alerts.yaml"
    rules = 0
    for doc in docs.get(alerts, []):
        for group in doc.get("groups") or []:
            for rule in group.get("rules") or []:
                rules += 1
                for name in promql_metric_names(str(rule.get("expr", ""))):
                    used.setdefault(name, set()).add(f"alert {rule.get('alert') or rule.get('record')}")
    report.expect(rules > 0, f"{rel(alerts)} has {rules} rules", "no rules")
    dash_path = DEPLOY / "monitoring" / "grafana-dashboard.json"
    targets = 0
    if dash_path.is_file():
        try:
            dashboard = json.loads(dash_path.read_text())
        except json.JSONDecodeError:
            dashboard = {}

        def walk(panels):
            nonlocal targets
            for p in panels or []:
                for t in p.get("targets") or []:
                    targets += 1
                    for name in promql_metric_names(str(t.get("expr", ""))):
                        used.setdefault(name, set()).add(f"panel {p.get('title')!r}")
                walk(p.get("panels"))

        walk(dashboard.get("panels"))
    report.expect(targets > 0, f"{rel(dash_path)} has {targets} queries", "no queries")
    for name in sorted(used):
        where = ", ".join(sorted(used[name]))
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        if name in emitted:
            report.ok(f"{name} ({where})")
        elif base != name and emitted.get(base) == "histogram":
            report.ok(f"{name}: histogram {base} ({where})")
        else:
            report.fail(f"{name} is not emitted by any counter!/gauge!/histogram! in crates/ (used by {where})")


# --- The README ------------------------------------------------------------------------------


def check_readme(report: Report, settings: list[str]) -> None:
    report.section("deploy/README.md names every setting")
    path = DEPLOY / "README.md"
    if not path.is_file():
        report.fail(f"{rel(path)} is missing")
        return
    text = path.read_text()
    missing = [f"REDRESS_{s.upper()}" for s in settings
               if not re.search(rf"\bREDRESS_{s.upper()}\b", text)]
    report.expect(not missing, f"all {len(settings)} settings' variables are in {rel(path)}",
                  f"missing: {', '.join(missing)}")


def main() -> int:
    report = Report()
    print(f"Checking {rel(DEPLOY)}/ in {ROOT}")
    settings = settings_fields()
    docs = load_yaml_files(report)
    services = check_compose(report, docs)
    objects = check_k8s(report, docs)
    check_variables(report, services, objects, settings, cli_env_vars())
    invocations = check_dockerfile(report)
    for name, svc in services.items():
        build = svc.get("build")
        if (isinstance(build, dict) and build.get("dockerfile") == "deploy/Dockerfile") \
                or str(svc.get("image") or "").split(":")[0].endswith("redress"):
            if svc.get("command") is not None:
                invocations.append((f"compose {name}", command_words(svc.get("command"))))
    for o in objects:
        pod = ((o.get("spec") or {}).get("template") or {}).get("spec") or {}
        for c in pod.get("containers") or []:
            if str(c.get("image", "")).split(":")[0].endswith("redress") and not c.get("command"):
                invocations.append((f"{o.get('kind')} {o['metadata']['name']}", command_words(c.get("args"))))
    check_invocations(report, invocations)
    check_nginx(report)
    check_metrics(report, docs)
    check_readme(report, settings)
    print()
    if report.failures:
        print(f"{len(report.failures)} of {report.checks} checks failed:")
        for f in report.failures:
            print(f"  - {f}")
        return 1
    print(f"All {report.checks} checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
