import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, onLandlordSuspended, onSessionEnded, tokens, type Schemas } from "./api/client";
import { endedSentence } from "./lib/account";
import { homeFor } from "./lib/roles";

export type Me = Schemas["MeView"];
export type Membership = Schemas["MembershipView"];

export interface SessionValue {
  me: Me | null;
  /** True until the stored session (if any) has been checked. */
  loading: boolean;
  /** Landlord names by slug, for those the user may see. */
  landlordNames: Record<string, string>;
  /** Why the user was signed out, to show on the sign-in page. */
  endedReason: string | null;
  /** Stores a new session (after signing in, or when the server replaces it). */
  signedIn: (pair: Schemas["TokenPair"]) => Promise<void>;
  signOut: () => Promise<void>;
  /** Reads the signed-in user again (after a change to their memberships or email). */
  refreshMe: () => Promise<void>;
  membership: (slug: string) => Membership | undefined;
  /** The server's words when a landlord's use of Redress is suspended, by slug; undefined
   * when it is not (as far as the portal knows). */
  suspension: (slug: string) => string | undefined;
  /** Asks the server again which landlords are suspended. */
  reloadLandlords: () => Promise<void>;
}

/** What the portal says of a suspended landlord before the server has said it in its words. */
const SUSPENDED =
  "the operator has suspended this landlord's use of Redress; nothing has been removed, and access returns when it is reinstated";

const Ctx = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const v = useContext(Ctx);
  if (!v) throw new Error("useSession outside SessionProvider");
  return v;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [landlordNames, setLandlordNames] = useState<Record<string, string>>({});
  const [endedReason, setEndedReason] = useState<string | null>(null);
  /** Suspended landlords by slug: the server's refusal, or the status in the list. */
  const [suspended, setSuspended] = useState<Record<string, string>>({});

  const loadLandlords = useCallback(async () => {
    const { data } = await api.GET("/api/v1/landlords", { params: { query: { limit: 200 } } });
    if (data) {
      setLandlordNames(Object.fromEntries(data.items.map((l) => [l.slug, l.name])));
      setSuspended(Object.fromEntries(data.items.filter((l) => l.status === "suspended").map((l) => [l.slug, SUSPENDED])));
    }
  }, []);

  useEffect(() => {
    const off = onSessionEnded((reason) => {
      setMe(null);
      setEndedReason(endedSentence(reason));
    });
    const offSuspended = onLandlordSuspended((slug, detail) => setSuspended((now) => (now[slug] === detail ? now : { ...now, [slug]: detail })));
    (async () => {
      if (tokens.get()) {
        const { data } = await api.GET("/api/v1/me");
        if (data) {
          setMe(data);
          await loadLandlords();
        }
      }
      setLoading(false);
    })();
    return () => {
      off();
      offSuspended();
    };
  }, [loadLandlords]);

  const signedIn = useCallback(
    async (pair: Schemas["TokenPair"]) => {
      tokens.set({ access_token: pair.access_token, refresh_token: pair.refresh_token });
      setEndedReason(null);
      setMe(pair.user);
      await loadLandlords();
    },
    [loadLandlords],
  );

  const signOut = useCallback(async () => {
    const pair = tokens.get();
    if (pair) {
      await api.POST("/api/v1/auth/logout", { body: { refresh_token: pair.refresh_token } }).catch(() => undefined);
    }
    tokens.set(null);
    setMe(null);
    setLandlordNames({});
    setSuspended({});
  }, []);

  const refreshMe = useCallback(async () => {
    const { data } = await api.GET("/api/v1/me");
    if (data) {
      setMe(data);
      await loadLandlords();
    }
  }, [loadLandlords]);

  const value = useMemo<SessionValue>(
    () => ({
      me,
      loading,
      landlordNames,
      endedReason,
      signedIn,
      signOut,
      refreshMe,
      membership: (slug: string) => me?.memberships.find((m) => m.landlord === slug),
      suspension: (slug: string) => suspended[slug],
      reloadLandlords: loadLandlords,
    }),
    [me, loading, landlordNames, endedReason, signedIn, signOut, refreshMe, suspended, loadLandlords],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export { homeFor };
export { CASE_READERS, LEARNING_READERS, OVERSEERS, SUBSCRIBERS, TSM_READERS } from "./lib/roles";

/** Where a user lands after signing in: their landlord's first page when they have one
 * landlord, else the choice of landlords. */
export function landingFor(me: Me): string {
  const only = me.memberships.length === 1 ? me.memberships[0] : undefined;
  return (only && homeFor(only)) ?? "/landlords";
}
