/** Signing in with a second factor, resetting a password and changing an email address: what
 * the pages check before they ask the server, and how they read what it answers. */

import { addError, emptyErrors } from "./forms";
import type { FormErrors } from "./problems";

/**
 * The token in an emailed link's fragment (`/reset-password#token=…`). The fragment never
 * reaches the server, nor a Referer header: the page reads it and sends it in a request body.
 * Null when there is none, or when it is not a token as the server makes them (URL-safe
 * base64), which is a link cut short or mangled by a mail program.
 */
export function tokenFromHash(hash: string): string | null {
  const h = hash.startsWith("#") ? hash.slice(1) : hash;
  if (!h) return null;
  let value: string | null = null;
  for (const part of h.split("&")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq) !== "token") continue;
    try {
      value = decodeURIComponent(part.slice(eq + 1)).trim();
    } catch {
      return null;
    }
    break;
  }
  if (!value) return null;
  return /^[A-Za-z0-9_-]{16,200}$/.test(value) ? value : null;
}

/** A path inside the portal to go to after signing in, or null: never another site. */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  return next;
}

/** The `?next=` to carry through the sign-in's steps, or "". */
export function nextQuery(next: string | null | undefined): string {
  const n = safeNext(next);
  return n ? `?next=${encodeURIComponent(n)}` : "";
}

export type ChallengeStatus = "mfa_required" | "mfa_enrolment_required";

/** The second step of a sign-in, kept in memory only (never in storage): the password was
 * right, and a code is still needed, or an authenticator must be set up first. */
export interface Challenge {
  status: ChallengeStatus;
  token: string;
  /** When the challenge stops working, in milliseconds since the epoch. */
  expiresAt: number;
  email: string;
}

/** What `POST /auth/login` answered with 202, as a challenge; null when it is not one. */
export function challengeFrom(data: unknown, email: string, now: number): Challenge | null {
  if (!data || typeof data !== "object") return null;
  const d = data as { status?: unknown; challenge_token?: unknown; expires_in?: unknown };
  if (typeof d.challenge_token !== "string" || d.challenge_token === "") return null;
  if (d.status !== "mfa_required" && d.status !== "mfa_enrolment_required") return null;
  const seconds = typeof d.expires_in === "number" && d.expires_in > 0 ? d.expires_in : 300;
  return { status: d.status, token: d.challenge_token, expiresAt: now + seconds * 1000, email };
}

/** Whether the challenge still works (with a few seconds' margin for the request). */
export function challengeLive(c: Challenge | null, now: number): c is Challenge {
  return !!c && now < c.expiresAt - 5_000;
}

/** A code typed from an authenticator app, without the spaces some apps show: "123 456". */
export function authenticatorCode(typed: string): string {
  return typed.replace(/[\s-]/g, "");
}

/** The errors of an authenticator code before it is sent: six digits. */
export function authenticatorCodeErrors(typed: string, field = "code"): FormErrors {
  const errors = emptyErrors();
  const code = authenticatorCode(typed);
  if (code === "") addError(errors, field, "Enter the 6-digit code from your authenticator app");
  else if (!/^\d{6}$/.test(code)) addError(errors, field, "The code must be 6 digits, like 123456");
  return errors;
}

/** A recovery code as shown (`abcd-efgh-ijkl-mnop`), however it was typed: letters and digits
 * only, lower case, in groups of four. */
export function recoveryCode(typed: string): string {
  const raw = typed.replace(/[^A-Za-z0-9]/g, "").toLowerCase();
  return (raw.match(/.{1,4}/g) ?? []).join("-");
}

export function recoveryCodeErrors(typed: string, field = "code"): FormErrors {
  const errors = emptyErrors();
  const raw = typed.replace(/[^A-Za-z0-9]/g, "");
  if (raw === "") addError(errors, field, "Enter one of your recovery codes");
  else if (raw.length !== 16) addError(errors, field, "A recovery code has 16 letters and numbers, like abcd-efgh-ijkl-mnop");
  return errors;
}

/** A base32 secret in groups of four, as it is easiest to read and type. */
export function groupedSecret(secret: string): string {
  return (secret.replace(/\s/g, "").match(/.{1,4}/g) ?? []).join(" ");
}

/** The least length of a password, as the server asks it. */
export const PASSWORD_MIN = 12;

/** A new password typed twice: both given, long enough and the same. */
export function newPasswordErrors(password: string, again: string, field = "password", againField = "password_again"): FormErrors {
  const errors = emptyErrors();
  if (password === "") addError(errors, field, "Enter a new password");
  else if (password.length < PASSWORD_MIN) addError(errors, field, `Your password must be at least ${PASSWORD_MIN} characters`);
  if (password !== "" && again === "") addError(errors, againField, "Enter your new password again");
  else if (password !== "" && again !== password) addError(errors, againField, "Enter the same password twice");
  return errors;
}

/** Whether the server refused because the operator suspended the landlord (a 403). */
export function isSuspension(detail: string | null | undefined): boolean {
  return !!detail && /\bsuspended\b/i.test(detail);
}

/** The landlord an API address is about (`/api/v1/landlords/{slug}/…`), or null. */
export function landlordOfApiUrl(url: string): string | null {
  let path: string;
  try {
    path = new URL(url, "http://x").pathname;
  } catch {
    return null;
  }
  const m = /^\/api\/v1\/landlords\/([^/]+)\//.exec(path);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1] as string);
  } catch {
    return null;
  }
}

/** The server's reason a session ended, as a sentence for the sign-in page. */
export function endedSentence(detail: string | null | undefined): string {
  const d = (detail ?? "").trim();
  if (!d) return "Your session has ended. Sign in again to continue.";
  const s = d.charAt(0).toUpperCase() + d.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** Whether a signed-in email address is the one an invitation is for (addresses are
 * compared as the server keeps them: trimmed and in lower case). */
export function sameEmail(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
}
