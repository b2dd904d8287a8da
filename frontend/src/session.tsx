import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, onSessionEnded, tokens, type Schemas } from "./api/client";
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
  signedIn: (pair: Schemas["TokenPair"]) => Promise<void>;
  signOut: () => Promise<void>;
  membership: (slug: string) => Membership | undefined;
}

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

  const loadLandlords = useCallback(async () => {
    const { data } = await api.GET("/api/v1/landlords", { params: { query: { limit: 200 } } });
    if (data) setLandlordNames(Object.fromEntries(data.items.map((l) => [l.slug, l.name])));
  }, []);

  useEffect(() => {
    const off = onSessionEnded(() => {
      setMe(null);
      setEndedReason("Your session has ended. Sign in again to continue.");
    });
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
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      me,
      loading,
      landlordNames,
      endedReason,
      signedIn,
      signOut,
      membership: (slug: string) => me?.memberships.find((m) => m.landlord === slug),
    }),
    [me, loading, landlordNames, endedReason, signedIn, signOut],
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
