import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, worklistPage, type FetchRun, type OverdueFilter } from "./worklist";

/** A fake API over a list of rows, paging by index as the real one pages by id. */
function api(rows: { id: number; overdue: boolean }[]) {
  const calls: string[] = [];
  const fetchRun: FetchRun<{ id: number; overdue: boolean }> = async (overdue: OverdueFilter, cursor, limit) => {
    calls.push(`${overdue}|${cursor}|${limit}`);
    const matching = rows.filter((r) => overdue === "" || String(r.overdue) === overdue);
    const start = cursor ? Number(cursor) : 0;
    const items = matching.slice(start, start + limit);
    const next = start + limit < matching.length ? String(start + limit) : null;
    return { items, next_cursor: next };
  };
  return { fetchRun, calls };
}

const rows = [
  { id: 1, overdue: false },
  { id: 2, overdue: true },
  { id: 3, overdue: false },
  { id: 4, overdue: true },
  { id: 5, overdue: false },
  { id: 6, overdue: true },
];

describe("the worklist puts overdue complaints first", () => {
  it("fills a page with overdue ones, then the others", async () => {
    const { fetchRun } = api(rows);
    const page = await worklistPage(fetchRun, "", null, 5);
    expect(page.items.map((r) => r.id)).toEqual([2, 4, 6, 1, 3]);
    const next = await worklistPage(fetchRun, "", page.next, 5);
    expect(next.items.map((r) => r.id)).toEqual([5]);
    expect(next.next).toBeNull();
  });

  it("pages through the overdue ones before the others", async () => {
    const { fetchRun } = api(rows);
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page: { items: { id: number }[]; next: string | null } = await worklistPage(fetchRun, "", cursor, 2);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.next;
      if (!cursor) break;
    }
    expect(seen).toEqual([2, 4, 6, 1, 3, 5]);
  });

  it("ends when a full page of overdue ones is followed by nothing", async () => {
    const { fetchRun } = api([{ id: 1, overdue: true }, { id: 2, overdue: true }]);
    const page = await worklistPage(fetchRun, "", null, 2);
    expect(page.items.map((r) => r.id)).toEqual([1, 2]);
    expect(page.next).toBeNull();
  });

  it("passes an explicit overdue filter straight to the API", async () => {
    const { fetchRun, calls } = api(rows);
    const page = await worklistPage(fetchRun, "false", null, 2);
    expect(page.items.map((r) => r.id)).toEqual([1, 3]);
    expect(page.next).toBe("2");
    expect(calls).toEqual(["false||2"]);
  });

  it("reads back the cursors it writes and refuses others", () => {
    expect(decodeCursor(encodeCursor({ run: "rest", cursor: "abc:def" }))).toEqual({ run: "rest", cursor: "abc:def" });
    expect(decodeCursor("sideways:1")).toBeNull();
    expect(decodeCursor("")).toBeNull();
  });
});
