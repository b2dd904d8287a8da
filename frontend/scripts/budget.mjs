// How much script each kind of visitor loads, from the build's manifest (dist/.vite/manifest.json):
// the entry, the page's own chunk and every chunk they import, gzipped as `redress serve` sends
// them. Fails when the residents' complaint form needs more than its budget.
//
//   node scripts/budget.mjs        (after `npx vite build`)

import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const dist = new URL("../dist/", import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, ".vite/manifest.json"), "utf8"));

/** The manifest's key for a source file. */
function key(src) {
  const k = Object.keys(manifest).find((k) => k === src || k.endsWith(`/${src}`));
  if (!k) throw new Error(`${src} is not in the build's manifest`);
  return k;
}

/** Every script file loaded for these manifest keys, with their static imports. */
function files(keys) {
  const seen = new Set();
  const walk = (k) => {
    const chunk = manifest[k];
    if (!chunk || seen.has(chunk.file)) return;
    seen.add(chunk.file);
    for (const i of chunk.imports ?? []) walk(i);
  };
  keys.forEach(walk);
  return [...seen].filter((f) => f.endsWith(".js"));
}

function size(list) {
  let raw = 0;
  let gzip = 0;
  for (const f of list) {
    const bytes = readFileSync(join(dist, f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 6 }).length;
  }
  return { raw, gzip };
}

const entry = key("index.html");
const pages = {
  "the complaint form (/p/{slug}/complain)": [entry, key("src/PublicApp.tsx"), key("src/pages/public/Complain.tsx")],
  "the public page (/p/{slug})": [entry, key("src/PublicApp.tsx"), key("src/pages/Public.tsx")],
  "the tracking page (/p/{slug}/track/{token})": [entry, key("src/PublicApp.tsx"), key("src/pages/public/Track.tsx")],
  "a case (/l/{slug}/complaints/{id})": [entry, key("src/StaffApp.tsx"), key("src/pages/Case.tsx")],
  "the worklist (/l/{slug}/complaints)": [entry, key("src/StaffApp.tsx"), key("src/pages/Worklist.tsx")],
};

const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
const BUDGET = 100_000;
let failed = false;
for (const [page, keys] of Object.entries(pages)) {
  const s = size(files(keys));
  console.log(`${page}: ${kB(s.gzip)} of script sent gzipped (${kB(s.raw)} unpacked)`);
  if (page.startsWith("the complaint form") && s.gzip > BUDGET) {
    console.error(`  over its budget of ${kB(BUDGET)}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
