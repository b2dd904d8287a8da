import { useCallback, useEffect, useState, type DependencyList } from "react";
import { Loading, ProblemSummary } from "../components/layout";
import { formErrors } from "../lib/problems";
import { Forbidden } from "./Forbidden";
import { NotFound } from "./NotFound";

/** What an API call answered, as a page needs it. */
export interface Loaded<T> {
  data: T | null;
  /** The HTTP status of a refusal, or null. */
  status: number | null;
  /** The server's message for a refusal (or why the server could not be reached). */
  problem: string | null;
  reload: () => void;
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Calls the API when the page opens and whenever `deps` change; `null` calls nothing. */
export function useLoad<T>(call: (() => Promise<Answer<T>>) | null, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<Omit<Loaded<T>, "reload">>({ data: null, status: null, problem: null });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ data: null, status: null, problem: null });
    if (!call) return;
    call()
      .then(({ data, error, response }) => {
        if (!live) return;
        if (data !== undefined && response.ok) setState({ data, status: null, problem: null });
        else setState({ data: null, status: response.status, problem: formErrors(error).summary[0]?.text ?? null });
      })
      .catch(() => {
        if (live) setState({ data: null, status: 0, problem: "The portal could not reach the server. Try again." });
      });
    return () => {
      live = false;
    };
  }, [...deps, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}

/** What a page shows instead of itself while loading or when the server refused:
 * "You do not have access" for a 403, "not found" for a 404, else the server's message. */
export function NotLoaded<T>({ loaded, what }: { loaded: Loaded<T>; what?: string }) {
  if (loaded.status === null) return <Loading />;
  if (loaded.status === 403) return <Forbidden detail={loaded.problem} />;
  if (loaded.status === 404) return <NotFound what={what} />;
  return <ProblemSummary text={loaded.problem ?? "Something went wrong. Try again."} />;
}
