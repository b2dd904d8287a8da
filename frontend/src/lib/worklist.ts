/** The worklist puts overdue complaints first. The API pages newest first, so the list is
 * read in two runs, overdue then the rest, each with its own cursor; a page that finishes the
 * overdue run is filled up from the start of the other. */

export type OverdueFilter = "" | "true" | "false";

export interface Cursor {
  /** Which run the next page continues. */
  run: "overdue" | "rest";
  /** The API's cursor within that run; empty at its start. */
  cursor: string;
}

export interface PageOf<T> {
  items: T[];
  next_cursor?: string | null;
}

/** Fetches one page of the API's list for `overdue` ("true"/"false"/"" for either). */
export type FetchRun<T> = (overdue: OverdueFilter, cursor: string, limit: number) => Promise<PageOf<T>>;

export interface WorklistPage<T> {
  items: T[];
  /** Pass back to get the next page; null on the last page. */
  next: string | null;
}

/** `overdue:abc` / `rest:` as one opaque string for the page's URL. */
export function encodeCursor(c: Cursor): string {
  return `${c.run}:${c.cursor}`;
}

export function decodeCursor(s: string | null | undefined): Cursor | null {
  if (!s) return null;
  const i = s.indexOf(":");
  if (i < 0) return null;
  const run = s.slice(0, i);
  if (run !== "overdue" && run !== "rest") return null;
  return { run, cursor: s.slice(i + 1) };
}

/**
 * One page of the worklist. With an explicit `overdue` filter it is the API's list as it is;
 * without one, the overdue run comes first.
 */
export async function worklistPage<T>(
  fetchRun: FetchRun<T>,
  overdue: OverdueFilter,
  pageCursor: string | null,
  limit: number,
): Promise<WorklistPage<T>> {
  if (overdue !== "") {
    const page = await fetchRun(overdue, pageCursor ?? "", limit);
    return { items: page.items, next: page.next_cursor ?? null };
  }
  const at: Cursor = decodeCursor(pageCursor) ?? { run: "overdue", cursor: "" };
  const items: T[] = [];
  if (at.run === "overdue") {
    const page = await fetchRun("true", at.cursor, limit);
    items.push(...page.items);
    if (page.next_cursor) {
      return { items, next: encodeCursor({ run: "overdue", cursor: page.next_cursor }) };
    }
    if (items.length >= limit) {
      // The page is full; whether any others follow is found on the next page.
      const probe = await fetchRun("false", "", 1);
      return { items, next: probe.items.length > 0 ? encodeCursor({ run: "rest", cursor: "" }) : null };
    }
    at.run = "rest";
    at.cursor = "";
  }
  const rest = await fetchRun("false", at.cursor, limit - items.length);
  items.push(...rest.items);
  return {
    items,
    next: rest.next_cursor ? encodeCursor({ run: "rest", cursor: rest.next_cursor }) : null,
  };
}
