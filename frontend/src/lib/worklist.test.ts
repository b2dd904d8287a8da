import { describe, expect, it } from "vitest";
import {
  complaintCount,
  dueWords,
  nextInList,
  rememberList,
  selectedFilters,
  viewHref,
  viewInfo,
} from "./worklist";

function memory(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    get length() {
      return m.size;
    },
  };
}

describe("what a worklist row says is due", () => {
  it("names the step of the Code and its stage", () => {
    const due = (what: string, stage: number | null) => ({ what, stage, due_on: "2026-12-01", overdue: true, working_days_left: -4 });
    expect(dueWords(due("acknowledge", 1), "received")).toBe("Acknowledge the complaint");
    expect(dueWords(due("acknowledge", 2), "stage2_requested")).toBe("Acknowledge the stage 2 request");
    expect(dueWords(due("respond", 2), "stage2_open")).toBe("Send the stage 2 response");
    expect(dueWords(due("action", null), "stage1_responded")).toBe("Finish an outstanding action");
    expect(dueWords(due("remedy", null), "closed")).toBe("Deliver a remedy");
    expect(dueWords(due("ombudsman_request", null), "closed")).toBe("Answer the Ombudsman's request for information");
  });

  it("says why nothing is due", () => {
    expect(dueWords(null, "stage1_responded")).toBe("Nothing due: the resident may ask for stage 2");
    expect(dueWords(undefined, "closed")).toBe("Nothing due: closed");
  });
});

describe("the worklist's views and filters", () => {
  const base = "/l/riverside/complaints";

  it("opens on all open complaints, and an unknown view falls back to it", () => {
    expect(viewInfo(null).id).toBe("open");
    expect(viewInfo("everything").id).toBe("open");
    expect(viewInfo("overdue").label).toBe("Overdue");
  });

  it("moves between views keeping the filters, from the first page", () => {
    const q = new URLSearchParams("q=boiler&page=abc&view=mine");
    expect(viewHref(base, q, "overdue")).toBe(`${base}?q=boiler&view=overdue`);
    expect(viewHref(base, q, "open")).toBe(`${base}?q=boiler`);
  });

  it("shows each filter chosen as a tag that removes it", () => {
    const q = new URLSearchParams("view=overdue&q=boiler&status=stage1_open&stage=1&page=x");
    const tags = selectedFilters(base, q, { status: (s) => (s === "stage1_open" ? "Stage 1 open" : s) });
    expect(tags.map((t) => t.label)).toEqual(["Words: boiler", "Status: Stage 1 open", "Stage 1"]);
    expect(tags[0]?.removeHref).toBe(`${base}?view=overdue&status=stage1_open&stage=1`);
    expect(selectedFilters(base, new URLSearchParams("view=mine&q=%20"), { status: (s) => s })).toEqual([]);
  });

  it("counts in words", () => {
    expect(complaintCount(1)).toBe("1 complaint");
    expect(complaintCount(12403)).toBe("12,403 complaints");
  });
});

describe("the next case in the same view", () => {
  it("follows the list the case was opened from", () => {
    const s = memory();
    rememberList(s, { label: "Overdue", href: "/l/r/complaints?view=overdue", ids: ["a", "b", "c"] });
    expect(nextInList(s, "a")).toEqual({ id: "b", label: "Overdue", href: "/l/r/complaints?view=overdue" });
    expect(nextInList(s, "c")).toBeNull();
    expect(nextInList(s, "z")).toBeNull();
  });

  it("offers nothing when the list is missing or unreadable", () => {
    const s = memory();
    expect(nextInList(s, "a")).toBeNull();
    s.setItem("redress.worklist", "{not json");
    expect(nextInList(s, "a")).toBeNull();
  });
});
