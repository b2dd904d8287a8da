import { useCallback, useEffect, useState } from "react";
import { api, type Schemas } from "../api/client";
import type { CaseFacts } from "../lib/actions";
import { stage1People } from "../lib/casework";

export type Complaint = Schemas["ComplaintView"];
export type Stage = Schemas["StageView"];

export interface People {
  /** User id to a name people recognise. */
  users: Record<string, string>;
  contractors: Record<string, string>;
  staff: Schemas["UserView"][];
  contractorList: Schemas["ContractorView"][];
}

/** What the rules of the case page need to know of a complaint (`src/lib/actions.ts`): its
 * status, its current stage's people, who handled stage 1 (from the timeline when it has been
 * loaded), whether it was referred to the Ombudsman and whether updates are agreed. */
export function caseFacts(
  c: Complaint,
  extra: { events?: readonly Schemas["EventView"][] | null; keepInformed?: boolean } = {},
): CaseFacts {
  const stage = c.stage2 ?? c.stage1;
  return {
    status: c.status,
    stage: stage.stage,
    handlerId: stage.handler_id,
    contractorId: stage.contractor_id,
    stage1People: stage1People(c.stage1.handler_id, extra.events ?? null),
    referred: !!c.ombudsman,
    keepInformed: extra.keepInformed,
    representative: !!c.representative,
  };
}

/** The stage a remedy or an outstanding action was offered at, as who may update it sees it. */
/** The stage the complaint is at now: stage 2 once escalated. */
export function currentStage(c: Complaint): Stage {
  return c.stage2 ?? c.stage1;
}

export function stageOf(c: Complaint, n: number): { stage: number; handlerId?: string | null; contractorId?: string | null } {
  const s = n === 2 ? c.stage2 : c.stage1;
  return { stage: n, handlerId: s?.handler_id, contractorId: s?.contractor_id };
}

/** Loads a complaint; `notFound` when the server says there is none (or none the caller may see). */
export function useComplaint(slug: string, id: string) {
  const [complaint, setComplaint] = useState<Complaint | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    setNotFound(false);
    setProblem(null);
    api
      .GET("/api/v1/landlords/{slug}/complaints/{id}", { params: { path: { slug, id } } })
      .then(({ data, error, response }) => {
        if (!live) return;
        if (data) setComplaint(data);
        else if (response.status === 404 || response.status === 422 || response.status === 400) setNotFound(true);
        else setProblem(error?.detail ?? "Something went wrong.");
      })
      .catch(() => live && setProblem("The portal could not reach the server. Try again."));
    return () => {
      live = false;
    };
  }, [slug, id, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { complaint, notFound, problem, reload };
}

/** The landlord's staff and contractor organisations, for names and allocation. Only the
 * complaints team may list them; others see no names. */
export function usePeople(slug: string, enabled: boolean): People {
  const [people, setPeople] = useState<People>({ users: {}, contractors: {}, staff: [], contractorList: [] });
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    Promise.all([
      api.GET("/api/v1/landlords/{slug}/users", { params: { path: { slug }, query: { limit: 200 } } }),
      api.GET("/api/v1/landlords/{slug}/contractors", { params: { path: { slug }, query: { limit: 200 } } }),
    ]).then(([u, c]) => {
      if (!live) return;
      const staff = u.data?.items ?? [];
      const contractorList = c.data?.items ?? [];
      setPeople({
        users: Object.fromEntries(staff.map((x) => [x.id, x.name ? `${x.name} (${x.email})` : x.email])),
        contractors: Object.fromEntries(contractorList.map((x) => [x.id, x.name])),
        staff,
        contractorList,
      });
    });
    return () => {
      live = false;
    };
  }, [slug, enabled]);
  return people;
}
