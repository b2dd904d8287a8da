import { publicApi, type Schemas } from "../../api/client";
import type { Challenge } from "../../lib/account";

/**
 * The steps of a sign-in between the password and the session, kept in this module's memory
 * only: never in storage, so a reload (or another tab) starts the sign-in again. The
 * challenge proves the password step for five minutes and opens nothing else.
 */

let challenge: Challenge | null = null;

export function holdChallenge(c: Challenge): void {
  challenge = c;
}

export function currentChallenge(): Challenge | null {
  return challenge;
}

export function dropChallenge(): void {
  challenge = null;
  enrolments.clear();
}

/** The session made by setting up an authenticator during sign-in, held back until its
 * recovery codes have been seen. */
export interface Enrolled {
  pair: Schemas["TokenPair"];
  codes: string[];
}

let enrolled: Enrolled | null = null;

export function holdEnrolled(e: Enrolled): void {
  enrolled = e;
}

export function currentEnrolled(): Enrolled | null {
  return enrolled;
}

export function dropEnrolled(): void {
  enrolled = null;
}

type EnrolAnswer = Awaited<ReturnType<typeof enrol>>;

function enrol(token: string) {
  return publicApi.POST("/api/v1/auth/mfa/enrol", { body: { challenge_token: token } });
}

const enrolments = new Map<string, Promise<EnrolAnswer>>();

/** The authenticator being set up for a challenge: asked for once, however often the page
 * renders (a second ask would replace the secret the first QR code showed). */
export function enrolmentFor(token: string): Promise<EnrolAnswer> {
  let p = enrolments.get(token);
  if (!p) {
    p = enrol(token);
    enrolments.set(token, p);
    // A refused or failed ask may be tried again.
    p.then((r) => !r.data && enrolments.delete(token)).catch(() => enrolments.delete(token));
  }
  return p;
}
