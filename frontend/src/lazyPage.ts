import { lazy, type ComponentType } from "react";

/** A page whose code is loaded when it is first shown: `lazyPage(() => import("./pages/X"),
 * "X")` is the named export `X` of that module, split into a chunk of its own. The layout
 * shows "Loading…" meanwhile. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyPage<M extends Record<K, ComponentType<any>>, K extends keyof M & string>(load: () => Promise<M>, name: K): M[K] {
  return lazy(async () => ({ default: (await load())[name] })) as unknown as M[K];
}
