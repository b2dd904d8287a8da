import createClient from "openapi-fetch";
import type { components, paths } from "./schema";
import { authFetch, browserTokenStore, type TokenStore } from "./session";

export type Schemas = components["schemas"];

export const tokens: TokenStore = browserTokenStore();

type Listener = () => void;
const sessionEndedListeners = new Set<Listener>();

/** Called when the server no longer accepts the session (the refresh was refused). */
export function onSessionEnded(listener: Listener): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

const origin = globalThis.location?.origin ?? "http://localhost";

/** The API client, typed from openapi/openapi.json. */
export const api = createClient<paths>({
  baseUrl: origin,
  fetch: authFetch({
    store: tokens,
    fetch: (r) => globalThis.fetch(r),
    refreshUrl: `${origin}/api/v1/auth/refresh`,
    onSessionEnded: () => sessionEndedListeners.forEach((l) => l()),
  }),
});
