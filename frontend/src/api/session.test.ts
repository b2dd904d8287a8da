import { describe, expect, it, vi } from "vitest";
import { authFetch, browserTokenStore, type TokenPair, type TokenStore } from "./session";

function memoryStore(initial: TokenPair | null): TokenStore {
  let t = initial;
  return { get: () => t, set: (p) => (t = p) };
}

const BASE = "http://portal.test";

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

/** A server whose only valid access token is `valid`, and whose refresh token `r1` works once. */
function fakeServer() {
  const seen: { url: string; auth: string | null; body: string }[] = [];
  let refreshUsed = false;
  const fetch = vi.fn(async (req: Request) => {
    const body = await req.text();
    seen.push({ url: new URL(req.url).pathname, auth: req.headers.get("Authorization"), body });
    const path = new URL(req.url).pathname;
    if (path === "/api/v1/auth/refresh") {
      const { refresh_token } = JSON.parse(body) as { refresh_token: string };
      if (refresh_token !== "r1" || refreshUsed) return json(401, { detail: "refresh token reused" });
      refreshUsed = true;
      return json(200, { access_token: "valid", refresh_token: "r2" });
    }
    if (req.headers.get("Authorization") !== "Bearer valid") return json(401, { detail: "expired" });
    return json(200, { ok: true, echoed: body });
  });
  return { fetch, seen };
}

describe("token refresh", () => {
  it("sends the access token", async () => {
    const server = fakeServer();
    const store = memoryStore({ access_token: "valid", refresh_token: "r1" });
    const f = authFetch({ store, fetch: server.fetch, refreshUrl: `${BASE}/api/v1/auth/refresh` });
    const res = await f(new Request(`${BASE}/api/v1/me`));
    expect(res.status).toBe(200);
    expect(server.seen[0]?.auth).toBe("Bearer valid");
  });

  it("refreshes once on a 401 and repeats the request with its body", async () => {
    const server = fakeServer();
    const store = memoryStore({ access_token: "expired", refresh_token: "r1" });
    const f = authFetch({ store, fetch: server.fetch, refreshUrl: `${BASE}/api/v1/auth/refresh` });
    const res = await f(
      new Request(`${BASE}/api/v1/landlords/a/complaints/1/extend`, { method: "POST", body: '{"working_days":5}' }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, echoed: '{"working_days":5}' });
    expect(store.get()).toEqual({ access_token: "valid", refresh_token: "r2" });
    expect(server.seen.map((s) => s.url)).toEqual([
      "/api/v1/landlords/a/complaints/1/extend",
      "/api/v1/auth/refresh",
      "/api/v1/landlords/a/complaints/1/extend",
    ]);
  });

  it("shares one refresh between requests that fail together", async () => {
    const server = fakeServer();
    const store = memoryStore({ access_token: "expired", refresh_token: "r1" });
    const f = authFetch({ store, fetch: server.fetch, refreshUrl: `${BASE}/api/v1/auth/refresh` });
    const results = await Promise.all([
      f(new Request(`${BASE}/api/v1/me`)),
      f(new Request(`${BASE}/api/v1/landlords`)),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(server.seen.filter((s) => s.url === "/api/v1/auth/refresh")).toHaveLength(1);
  });

  it("ends the session when the refresh is refused, without trying again", async () => {
    const server = fakeServer();
    const store = memoryStore({ access_token: "expired", refresh_token: "stolen" });
    const ended = vi.fn();
    const f = authFetch({
      store,
      fetch: server.fetch,
      refreshUrl: `${BASE}/api/v1/auth/refresh`,
      onSessionEnded: ended,
    });
    const res = await f(new Request(`${BASE}/api/v1/me`));
    expect(res.status).toBe(401);
    expect(store.get()).toBeNull();
    expect(ended).toHaveBeenCalledOnce();
    expect(server.seen).toHaveLength(2);
  });

  it("tells why when the refresh is refused, unless the token had only expired", async () => {
    const ended = vi.fn();
    const fetch = vi.fn(async (req: Request) =>
      new URL(req.url).pathname === "/api/v1/auth/refresh"
        ? json(401, { detail: "this account now signs in with a second factor; please sign in again" })
        : json(401, { detail: "Riverside Homes asks you to sign in with a second factor; please sign in again" }),
    );
    const f = authFetch({
      store: memoryStore({ access_token: "a", refresh_token: "r" }),
      fetch,
      refreshUrl: `${BASE}/api/v1/auth/refresh`,
      onSessionEnded: ended,
    });
    await f(new Request(`${BASE}/api/v1/landlords/riverside/complaints`));
    expect(ended).toHaveBeenCalledWith("Riverside Homes asks you to sign in with a second factor; please sign in again");
    const expired = vi.fn();
    const g = authFetch({
      store: memoryStore({ access_token: "a", refresh_token: "r" }),
      fetch: vi.fn(async () => json(401, { detail: "the access token is not valid or has expired" })),
      refreshUrl: `${BASE}/api/v1/auth/refresh`,
      onSessionEnded: expired,
    });
    await g(new Request(`${BASE}/api/v1/me`));
    expect(expired).toHaveBeenCalledWith(undefined);
  });

  it("never refreshes for the sign-in call itself", async () => {
    const server = fakeServer();
    const store = memoryStore(null);
    const f = authFetch({ store, fetch: server.fetch, refreshUrl: `${BASE}/api/v1/auth/refresh` });
    const res = await f(new Request(`${BASE}/api/v1/auth/login`, { method: "POST", body: "{}" }));
    expect(res.status).toBe(401);
    expect(server.seen).toHaveLength(1);
  });

  it("keeps the pair in session storage so a reload stays signed in", () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    } as unknown as Storage;
    browserTokenStore(storage).set({ access_token: "a", refresh_token: "b" });
    expect(browserTokenStore(storage).get()).toEqual({ access_token: "a", refresh_token: "b" });
    browserTokenStore(storage).set(null);
    expect(browserTokenStore(storage).get()).toBeNull();
  });
});

describe("a session the server no longer accepts", () => {
  it("ends it with the server's reason when a fresh token is refused too", async () => {
    const seen: string[] = [];
    let refreshed = false;
    const fetch = vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      seen.push(path);
      if (path === "/api/v1/auth/refresh") {
        refreshed = true;
        return json(200, { access_token: "fresh", refresh_token: "r2" });
      }
      return new Response(
        JSON.stringify({ status: 401, detail: "Riverside Homes asks you to sign in with a second factor; please sign in again" }),
        { status: 401, headers: { "Content-Type": "application/problem+json" } },
      );
    });
    const store = memoryStore({ access_token: "no-mfa", refresh_token: "r1" });
    const ended = vi.fn();
    const f = authFetch({ store, fetch, refreshUrl: `${BASE}/api/v1/auth/refresh`, onSessionEnded: ended });
    const res = await f(new Request(`${BASE}/api/v1/landlords/riverside/complaints`));
    expect(res.status).toBe(401);
    expect(refreshed).toBe(true);
    expect(seen).toEqual(["/api/v1/landlords/riverside/complaints", "/api/v1/auth/refresh", "/api/v1/landlords/riverside/complaints"]);
    expect(store.get()).toBeNull();
    expect(ended).toHaveBeenCalledWith("Riverside Homes asks you to sign in with a second factor; please sign in again");
    // The answer can still be read by the page.
    expect(((await res.json()) as { detail: string }).detail).toMatch(/second factor/);
  });

  it("never refreshes for the second step of signing in, nor for an emailed link's answer", async () => {
    const server = fakeServer();
    const store = memoryStore({ access_token: "expired", refresh_token: "r1" });
    const ended = vi.fn();
    const f = authFetch({ store, fetch: server.fetch, refreshUrl: `${BASE}/api/v1/auth/refresh`, onSessionEnded: ended });
    for (const path of ["/api/v1/auth/mfa/verify", "/api/v1/auth/password-reset/confirm", "/api/v1/auth/email-change/confirm"]) {
      const res = await f(new Request(`${BASE}${path}`, { method: "POST", body: "{}" }));
      expect(res.status).toBe(401);
    }
    expect(server.seen.map((s) => s.url)).not.toContain("/api/v1/auth/refresh");
    expect(ended).not.toHaveBeenCalled();
    expect(store.get()).toEqual({ access_token: "expired", refresh_token: "r1" });
  });
});
