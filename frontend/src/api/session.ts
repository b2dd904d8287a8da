/** The signed-in session: the access token in memory (and sessionStorage, so a reload in the
 * same tab keeps the user signed in), the refresh token beside it, and the fetch that sends
 * the token and, when the server answers 401, refreshes the pair once and tries again. */

export interface TokenPair {
  access_token: string;
  refresh_token: string;
}

export interface TokenStore {
  get(): TokenPair | null;
  set(pair: TokenPair | null): void;
}

const KEY = "redress.session";

/** Tokens kept in memory and mirrored to sessionStorage when there is one. */
export function browserTokenStore(storage: Storage | undefined = globalThis.sessionStorage): TokenStore {
  let current: TokenPair | null = null;
  try {
    const raw = storage?.getItem(KEY);
    if (raw) {
      const parsed = JSON.parse(raw) as Partial<TokenPair>;
      if (typeof parsed.access_token === "string" && typeof parsed.refresh_token === "string") {
        current = { access_token: parsed.access_token, refresh_token: parsed.refresh_token };
      }
    }
  } catch {
    current = null;
  }
  return {
    get: () => current,
    set(pair) {
      current = pair;
      try {
        if (pair) storage?.setItem(KEY, JSON.stringify(pair));
        else storage?.removeItem(KEY);
      } catch {
        // Storage may be disabled; the session then lasts as long as the page.
      }
    },
  };
}

export interface AuthFetchOptions {
  store: TokenStore;
  /** The fetch underneath (the browser's, or a fake in tests). */
  fetch: (input: Request) => Promise<Response>;
  /** Where the refresh endpoint is. */
  refreshUrl: string;
  /** Called when the session has ended (refresh refused, or the server still refuses the
   * session after a refresh, e.g. because the landlord now asks for a second factor): the app
   * shows the sign-in page, with the server's reason when it gave one. */
  onSessionEnded?: (reason?: string) => void;
}

/** The server's answer to an access token that has merely expired. */
const EXPIRED = /not valid or has expired/;

/** Paths that must not trigger a refresh themselves: signing in (with its second step),
 * refreshing, signing out, and the emailed links' answers. A 401 from them is about what was
 * typed, not about the session. */
const NO_REFRESH = /^\/api\/v1\/auth\//;

/** The `detail` of a problem+json answer, if it has one. */
async function detailOf(res: Response): Promise<string | undefined> {
  try {
    const body = (await res.clone().json()) as { detail?: unknown };
    return typeof body.detail === "string" && body.detail.trim() !== "" ? body.detail : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A fetch that adds `Authorization: Bearer`, and on a 401 exchanges the refresh token for a
 * new pair once and repeats the request. Concurrent 401s share one refresh: a refresh token
 * works once, and presenting a used one ends every session descended from the sign-in.
 */
export function authFetch(opts: AuthFetchOptions): (input: Request) => Promise<Response> {
  let refreshing: Promise<boolean> | null = null;

  async function refresh(used: TokenPair): Promise<boolean> {
    const now = opts.store.get();
    // Another request already refreshed while this one was in flight.
    if (now && now.access_token !== used.access_token) return true;
    if (!now) return false;
    if (!refreshing) {
      refreshing = (async () => {
        try {
          const res = await opts.fetch(
            new Request(opts.refreshUrl, {
              method: "POST",
              headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ refresh_token: now.refresh_token }),
            }),
          );
          if (!res.ok) return false;
          const body = (await res.json()) as Partial<TokenPair>;
          if (typeof body.access_token !== "string" || typeof body.refresh_token !== "string") {
            return false;
          }
          opts.store.set({ access_token: body.access_token, refresh_token: body.refresh_token });
          return true;
        } catch {
          return false;
        } finally {
          refreshing = null;
        }
      })();
    }
    return refreshing;
  }

  function withToken(request: Request, pair: TokenPair | null): Request {
    const r = new Request(request);
    if (pair) r.headers.set("Authorization", `Bearer ${pair.access_token}`);
    return r;
  }

  return async (request: Request) => {
    const pair = opts.store.get();
    if (!pair || NO_REFRESH.test(new URL(request.url, "http://x").pathname)) {
      return opts.fetch(withToken(request, pair));
    }
    const retry = request.clone();
    const first = await opts.fetch(withToken(request, pair));
    if (first.status !== 401) return first;
    if (await refresh(pair)) {
      const again = await opts.fetch(withToken(retry, opts.store.get()));
      if (again.status !== 401) return again;
      // A fresh token is refused too: the session itself is no longer enough (the landlord
      // now asks for a second factor, say). Signing in again is the only way on.
      opts.store.set(null);
      opts.onSessionEnded?.(await detailOf(again));
      return again;
    }
    // The refresh was refused too. The first answer says why the session is no longer
    // enough, unless it only says the access token has expired (then there is nothing to add).
    opts.store.set(null);
    const why = await detailOf(first.clone());
    opts.onSessionEnded?.(why && !EXPIRED.test(why) ? why : undefined);
    return first;
  };
}
