import createClient from "openapi-fetch";
import { isSuspension, landlordOfApiUrl } from "../lib/account";
import type { components, paths } from "./schema";
import { authFetch, browserTokenStore, type TokenStore } from "./session";

export type Schemas = components["schemas"];

export const tokens: TokenStore = browserTokenStore();

type Listener = (reason?: string) => void;
const sessionEndedListeners = new Set<Listener>();

/** Called when the server no longer accepts the session (the refresh was refused, or a fresh
 * token was refused too), with the server's reason when it gave one. */
export function onSessionEnded(listener: Listener): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

type SuspendedListener = (slug: string, detail: string) => void;
const suspendedListeners = new Set<SuspendedListener>();

/** Called when the server refuses a landlord's page because the operator suspended the
 * landlord, whichever page asked. */
export function onLandlordSuspended(listener: SuspendedListener): () => void {
  suspendedListeners.add(listener);
  return () => suspendedListeners.delete(listener);
}

/** Tells the listeners of a 403 that says the landlord is suspended. */
async function noticeSuspension(request: Request, res: Response): Promise<void> {
  if (res.status !== 403 || suspendedListeners.size === 0) return;
  const slug = landlordOfApiUrl(request.url);
  if (!slug) return;
  try {
    const body = (await res.clone().json()) as { detail?: unknown };
    if (typeof body.detail === "string" && isSuspension(body.detail)) {
      const detail = body.detail;
      suspendedListeners.forEach((l) => l(slug, detail));
    }
  } catch {
    // Not problem+json: nothing to tell.
  }
}

const origin = globalThis.location?.origin ?? "http://localhost";

/** The fetch that sends the session (and refreshes it), for the few calls the typed client
 * cannot make as they must be made: a POST with no body at all, a file to download. */
export const sessionFetch = authFetch({
  store: tokens,
  fetch: async (r) => {
    const res = await globalThis.fetch(r);
    await noticeSuspension(r, res);
    return res;
  },
  refreshUrl: `${origin}/api/v1/auth/refresh`,
  onSessionEnded: (reason) => sessionEndedListeners.forEach((l) => l(reason)),
});

/** An address of the API, for `sessionFetch`. */
export function apiUrl(path: string): string {
  return `${origin}${path}`;
}

/** The API client, typed from openapi/openapi.json. */
export const api = createClient<paths>({
  baseUrl: origin,
  fetch: sessionFetch,
});

/** The API client without the session: for what is answered to anyone (an invitation's
 * offer, a new account's acceptance, a password reset), so that a session in this tab for
 * some other account is never sent with it. */
export const publicApi = createClient<paths>({
  baseUrl: origin,
  fetch: (r) => globalThis.fetch(r),
});
