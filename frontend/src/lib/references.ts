/** Complaints named by their references (as people know them) turned into the ids the API
 * links learning to. */

/** The references typed into a box: separated by commas, spaces or lines, in capitals,
 * each once, in the order first given. */
export function parseReferences(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const ref = raw.trim().toUpperCase();
    if (ref && !seen.has(ref)) {
      seen.add(ref);
      out.push(ref);
    }
  }
  return out;
}

export interface Found {
  id: string;
  reference: string;
}

/** Searches the worklist for a reference; the search matches words too, so it may answer
 * with other complaints as well. */
export type Search = (reference: string) => Promise<Found[]>;

export interface Resolved {
  /** The id of each reference, in order, or null where no complaint has it. */
  ids: (string | null)[];
  missing: string[];
}

/** Looks up each reference, keeping only an exact (case-insensitive) match. */
export async function resolveReferences(refs: string[], search: Search): Promise<Resolved> {
  const ids = await Promise.all(
    refs.map(async (ref) => {
      const hits = await search(ref);
      return hits.find((h) => h.reference.toUpperCase() === ref.toUpperCase())?.id ?? null;
    }),
  );
  return { ids, missing: refs.filter((_, i) => ids[i] === null) };
}

/** "RIV-000001", "RIV-000001 and RIV-000002", "A, B and C". */
export function listed(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** A server's complaint errors (`complaint_ids`, `complaint_ids[2]`) as one message for the
 * references box, naming the reference at fault. */
export function complaintErrors(errors: { field: string; message: string }[], refs: string[]): string | null {
  const messages: string[] = [];
  for (const e of errors) {
    if (e.field === "complaint_ids") messages.push(`The complaints ${e.message}`);
    const m = /^complaint_ids\[(\d+)\]$/.exec(e.field);
    if (m) {
      const ref = refs[Number(m[1])];
      messages.push(`${ref ? `Complaint ${ref}` : "A complaint"} ${e.message.replace(/complaint_ids\[(\d+)\]/g, (_, i: string) => refs[Number(i)] ?? "another")}`);
    }
  }
  return messages.length ? messages.join(". ") : null;
}
