// Helpers for the trust browser tests (trust.test.mjs), on top of harness.mjs: codes from an
// authenticator app (RFC 6238, computed here with node:crypto), signing in through the API
// with a second factor, and the links in the emails the server writes to its `mail` folder.
import { createHmac } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { PASSWORD } from "./harness.mjs";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** The bytes of a base32 secret (RFC 4648, without padding; spaces and case ignored). */
export function base32Bytes(secret) {
  const clean = secret.replace(/[\s=]/g, "").toUpperCase();
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const i = BASE32.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 30-second step a moment falls in. */
export function stepAt(ms = Date.now()) {
  return Math.floor(ms / 1000 / 30);
}

/** RFC 6238 (HMAC-SHA-1, 6 digits) for a step: the code an authenticator app shows. */
export function totp(secret, step = stepAt()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Bytes(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const n = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(n % 1_000_000).padStart(6, "0");
}

/**
 * An authenticator for tests: each code is for a step after the last one used (the server
 * takes each step once, and one step of drift either way), waiting for the clock when the
 * next step is not yet within reach.
 */
export function authenticator(secret) {
  let last = -1;
  return {
    secret,
    async code() {
      let step = Math.max(stepAt(), last + 1);
      while (step > stepAt() + 1) await new Promise((r) => setTimeout(r, 500));
      // Not a step about to fall out of the server's window either.
      if (step < stepAt()) step = stepAt();
      last = step;
      return totp(secret, step);
    },
    /** The step the server has just taken some other way (the code typed in the browser). */
    used(code) {
      for (const s of [stepAt() - 1, stepAt(), stepAt() + 1]) if (totp(secret, s) === code) last = Math.max(last, s);
    },
  };
}

async function post(base, path, body, token) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, data: text ? JSON.parse(text) : null, text };
}

/** Signs in through the API with the password and, when asked, a second factor: an
 * `authenticator`, or a recovery code. Answers the access token. */
export async function apiSignIn(base, email, second) {
  const first = await post(base, "/auth/login", { email, password: PASSWORD });
  if (first.status === 200) return first.data.access_token;
  if (first.status !== 202) throw new Error(`login ${email} -> ${first.status}: ${first.text}`);
  if (first.data.status !== "mfa_required") throw new Error(`login ${email}: ${first.data.status}`);
  const code = typeof second === "string" ? second : await second.code();
  const r = await post(base, "/auth/mfa/verify", { challenge_token: first.data.challenge_token, code });
  if (r.status !== 200) throw new Error(`mfa/verify ${email} -> ${r.status}: ${r.text}`);
  return r.data.access_token;
}

/** Signs in through the API for the first time where a second factor is required: sets one
 * up. Answers the token, the authenticator and the recovery codes. */
export async function apiEnrol(base, email) {
  const first = await post(base, "/auth/login", { email, password: PASSWORD });
  if (first.status !== 202 || first.data.status !== "mfa_enrolment_required") {
    throw new Error(`login ${email} -> ${first.status}: ${first.text}`);
  }
  const challenge_token = first.data.challenge_token;
  const enrolment = await post(base, "/auth/mfa/enrol", { challenge_token });
  if (enrolment.status !== 200) throw new Error(`mfa/enrol -> ${enrolment.status}: ${enrolment.text}`);
  const app = authenticator(enrolment.data.secret);
  const done = await post(base, "/auth/mfa/enrol/confirm", { challenge_token, code: await app.code() });
  if (done.status !== 200) throw new Error(`mfa/enrol/confirm -> ${done.status}: ${done.text}`);
  return { token: done.data.session.access_token, app, codes: done.data.recovery_codes };
}

/** Quoted-printable undone: soft line breaks joined, `=XX` as the byte it stands for. */
export function unquote(mail) {
  const joined = mail.replace(/=\r?\n/g, "");
  return Buffer.from(
    joined.replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))),
    "latin1",
  ).toString("utf8");
}

/** The email files written so far (to pass to `linkInNewMail` as those already there). */
export function mailFiles(server) {
  const dir = join(server.dir, "mail");
  return new Set(existsSync(dir) ? readdirSync(dir) : []);
}

/**
 * The first match of `pattern` in an email to `to` written after `before` (a `mailFiles`
 * answer), waiting for the outbox to send it. Answers the match.
 */
export async function linkInNewMail(server, before, to, pattern, timeoutMs = 20_000) {
  const dir = join(server.dir, "mail");
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (existsSync(dir)) {
      const files = readdirSync(dir)
        .filter((f) => !before.has(f))
        .sort((a, b) => statSync(join(dir, a)).mtimeMs - statSync(join(dir, b)).mtimeMs);
      for (const file of files) {
        const mail = unquote(readFileSync(join(dir, file), "utf8"));
        const header = mail.split(/\r?\n\r?\n/)[0] ?? "";
        if (!new RegExp(`^To: .*${to.replace(/[.+]/g, "\\$&")}`, "mi").test(header)) continue;
        const m = pattern.exec(mail);
        if (m) return m[0];
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no new email to ${to} matching ${pattern} in ${dir}`);
}
