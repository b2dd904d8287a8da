import { api, type Schemas } from "../../api/client";
import { useLoad } from "../load";

export type Resident = Schemas["ResidentView"];
export type Adjustment = Schemas["AdjustmentView"];
export type Disclosure = Schemas["DisclosureView"];
export type Restriction = Schemas["RestrictionView"];
export type ServiceRequest = Schemas["ServiceRequestView"];

/** Where a resident's pages live. */
export function residentHref(slug: string, id: string): string {
  return `/l/${encodeURIComponent(slug)}/residents/${id}`;
}

/** Loads a resident; with no id, loads nothing. */
export function useResident(slug: string, id: string | undefined) {
  return useLoad(id ? () => api.GET("/api/v1/landlords/{slug}/residents/{id}", { params: { path: { slug, id } } }) : null, [slug, id]);
}

/** One adjustment, found in the resident's list (the API has no single-adjustment read). */
export function useAdjustment(slug: string, id: string, aid: string) {
  const loaded = useLoad(
    () => api.GET("/api/v1/landlords/{slug}/residents/{id}/adjustments", { params: { path: { slug, id }, query: { limit: 200 } } }),
    [slug, id],
  );
  const adjustment = loaded.data?.items.find((a) => a.id === aid) ?? null;
  return { loaded, adjustment };
}

/** One restriction, found in the resident's list. */
export function useRestriction(slug: string, id: string, rid: string) {
  const loaded = useLoad(() => api.GET("/api/v1/landlords/{slug}/residents/{id}/restrictions", { params: { path: { slug, id } } }), [slug, id]);
  const restriction = loaded.data?.find((r) => r.id === rid) ?? null;
  return { loaded, restriction };
}
