/** The worklist built on what is due (docs/api.md, "The worklist"): its saved views, what a
 * row says is due, the filters chosen, and the way from one case to the next in a view. */

export type ViewId = "overdue" | "due_today" | "due_this_week" | "mine" | "unallocated" | "open";

export interface ViewInfo {
  id: ViewId;
  label: string;
  /** Said when the view holds nothing. */
  empty: string;
}

/** The views, in the order the worklist shows them. */
export const VIEWS: ViewInfo[] = [
  { id: "overdue", label: "Overdue", empty: "Nothing is overdue." },
  { id: "due_today", label: "Due today", empty: "Nothing is due today." },
  { id: "due_this_week", label: "Due this week", empty: "Nothing else is due this week." },
  { id: "mine", label: "Mine", empty: "No open complaint is allocated to you." },
  { id: "unallocated", label: "New and unallocated", empty: "Every complaint with a deadline running has someone holding it." },
  { id: "open", label: "All open", empty: "There are no open complaints." },
];

/** The view the worklist opens on: every open complaint, what is due soonest first. */
export const DEFAULT_VIEW: ViewId = "open";

export function viewInfo(id: string | null | undefined): ViewInfo {
  return VIEWS.find((v) => v.id === id) ?? (VIEWS.find((v) => v.id === DEFAULT_VIEW) as ViewInfo);
}

export interface NextDue {
  what: string;
  stage?: number | null;
  due_on: string;
  overdue: boolean;
  working_days_left: number;
}

/** What is due on a row, in the words of the Code. */
export function dueWords(next: NextDue | null | undefined, status: string): string {
  if (next) {
    const stage = next.stage ?? 1;
    switch (next.what) {
      case "acknowledge":
        return stage === 2 ? "Acknowledge the stage 2 request" : "Acknowledge the complaint";
      case "respond":
        return `Send the stage ${stage} response`;
      case "action":
        return "Finish an outstanding action";
      case "remedy":
        return "Deliver a remedy";
      case "ombudsman_request":
        return "Answer the Ombudsman's request for information";
      default:
        return "Something is due";
    }
  }
  switch (status) {
    case "stage1_responded":
      return "Nothing due: the resident may ask for stage 2";
    case "stage2_responded":
      return "Nothing due: the resident may go to the Ombudsman";
    case "closed":
      return "Nothing due: closed";
    case "not_accepted":
      return "Nothing due: not accepted";
    default:
      return "Nothing due";
  }
}

/** The filters the worklist takes besides its view, each with how its value reads. */
export const FILTERS = ["q", "status", "stage"] as const;
export type FilterName = (typeof FILTERS)[number];

export interface SelectedFilter {
  name: FilterName;
  /** "Status: Stage 1 open". */
  label: string;
  /** The worklist's address without this filter. */
  removeHref: string;
}

/** The filters chosen, as removable tags ("filter a list" pattern). */
export function selectedFilters(
  base: string,
  query: URLSearchParams,
  words: { status: (s: string) => string },
): SelectedFilter[] {
  const out: SelectedFilter[] = [];
  for (const name of FILTERS) {
    const value = query.get(name)?.trim();
    if (!value) continue;
    const label =
      name === "q" ? `Words: ${value}` : name === "status" ? `Status: ${words.status(value)}` : `Stage ${value}`;
    const rest = new URLSearchParams(query);
    rest.delete(name);
    rest.delete("page");
    const qs = rest.toString();
    out.push({ name, label, removeHref: `${base}${qs ? `?${qs}` : ""}` });
  }
  return out;
}

/** The address of a view, keeping the filters chosen and starting at its first page. */
export function viewHref(base: string, query: URLSearchParams, view: ViewId): string {
  const params = new URLSearchParams(query);
  params.delete("page");
  if (view === DEFAULT_VIEW) params.delete("view");
  else params.set("view", view);
  const qs = params.toString();
  return `${base}${qs ? `?${qs}` : ""}`;
}

/** "1 complaint", "12 complaints". */
export function complaintCount(n: number): string {
  return n === 1 ? "1 complaint" : `${n.toLocaleString("en-GB")} complaints`;
}

/** The list a case was opened from: the view's name and address, and its cases in order, so
 * the case page can go on to the next one. Kept for the browser tab only. */
export interface OpenedFrom {
  label: string;
  href: string;
  ids: string[];
}

const KEY = "redress.worklist";

export function rememberList(store: Pick<Storage, "setItem">, from: OpenedFrom): void {
  try {
    store.setItem(KEY, JSON.stringify(from));
  } catch {
    // Storage full or refused: the next-case link is simply not offered.
  }
}

/** The case after `id` in the list it was opened from, if any. */
export function nextInList(store: Pick<Storage, "getItem">, id: string): { id: string; label: string; href: string } | null {
  let from: OpenedFrom;
  try {
    const raw = store.getItem(KEY);
    if (!raw) return null;
    from = JSON.parse(raw) as OpenedFrom;
  } catch {
    return null;
  }
  if (!from || !Array.isArray(from.ids)) return null;
  const at = from.ids.indexOf(id);
  const next = at < 0 ? undefined : from.ids[at + 1];
  if (typeof next !== "string") return null;
  return { id: next, label: from.label, href: from.href };
}
