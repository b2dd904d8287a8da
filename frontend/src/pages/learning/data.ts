import { useEffect, useState } from "react";
import { api, type Schemas } from "../../api/client";
import type { Found } from "../../lib/references";

export type Entry = Schemas["LearningView"];
export type PublicEntry = Schemas["PublishedLearningView"];
export type Item = Entry | PublicEntry;

/** Whether an entry is the full one staff and governance see, or the published fields the
 * residents' panel sees. */
export function isFull(item: Item): item is Entry {
  return "lesson" in item;
}

export const LEARNING_STATUSES = ["identified", "in_progress", "implemented"] as const;

const STATUS: Record<string, { label: string; tag: string }> = {
  identified: { label: "Identified", tag: "govuk-tag--blue" },
  in_progress: { label: "In progress", tag: "govuk-tag--yellow" },
  implemented: { label: "Implemented", tag: "govuk-tag--green" },
};

export function learningStatusLabel(s: string): string {
  return STATUS[s]?.label ?? s;
}

export function learningStatusTag(s: string): string {
  return STATUS[s]?.tag ?? "govuk-tag--grey";
}

/** The complaints team: records and changes learning. */
export function mayRecord(role: string): boolean {
  return role === "landlord_admin" || role === "complaints_officer";
}

/** A complaints officer writes and approves the public summary (Code 9.3). */
export function mayPublish(role: string): boolean {
  return role === "complaints_officer";
}

/** Finds complaints by reference through the worklist's search. */
export function searchComplaints(slug: string) {
  return async (reference: string): Promise<Found[]> => {
    const { data } = await api.GET("/api/v1/landlords/{slug}/complaints", {
      params: { path: { slug }, query: { q: reference, limit: 200 } },
    });
    return (data?.items ?? []).map((c) => ({ id: c.id, reference: c.reference }));
  };
}

/** The references of complaints known by id; an id the caller may not open stays unnamed. */
export function useReferences(slug: string, ids: string[] | null, enabled: boolean): Record<string, string> | null {
  const [refs, setRefs] = useState<Record<string, string> | null>(null);
  const key = ids?.join(",") ?? "";
  useEffect(() => {
    if (!enabled || ids === null) {
      setRefs(null);
      return;
    }
    let live = true;
    Promise.all(
      ids.map((id) =>
        api
          .GET("/api/v1/landlords/{slug}/complaints/{id}", { params: { path: { slug, id } } })
          .then(({ data }) => [id, data?.reference ?? ""] as const)
          .catch(() => [id, ""] as const),
      ),
    ).then((pairs) => {
      if (live) setRefs(Object.fromEntries(pairs.filter(([, r]) => r)));
    });
    return () => {
      live = false;
    };
    // `key` stands for `ids`.
  }, [slug, key, enabled]);
  return refs;
}
