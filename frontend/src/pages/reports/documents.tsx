import { useState } from "react";
import { filenameOf, takeStyles } from "../../lib/documents";
import { formErrors, type FormErrors } from "../../lib/problems";
import type { Answer } from "../staff/common";

/** Saves a file the browser already holds under `name`. */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Shows an HTML document in a window the portal opened: the document's own stylesheet is
 * adopted rather than inlined, as the portal's Content-Security-Policy (which a window it
 * opens inherits) refuses inline styles. */
function show(w: Window, html: string): void {
  const { html: bare, css } = takeStyles(html);
  const parsed = new DOMParser().parseFromString(bare, "text/html");
  const doc = w.document;
  doc.replaceChild(doc.importNode(parsed.documentElement, true), doc.documentElement);
  const Sheet = (w as unknown as typeof globalThis).CSSStyleSheet;
  const sheet = new Sheet();
  sheet.replaceSync(css);
  doc.adoptedStyleSheets = [sheet];
}

/**
 * Opens and downloads the documents the API makes (the self-assessment and the annual report),
 * which need the signed-in user's token and so cannot be plain links: the HTML opens in a
 * new tab, the CSV downloads. A refusal is shown as the page's error.
 */
export function useDocuments() {
  const [problem, setProblem] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);

  async function openHtml(load: () => Promise<Answer<unknown>>, fallbackName: string): Promise<void> {
    setProblem(null);
    // Opened now, while the click still counts as the user's, so no pop-up blocker stops it.
    const w = window.open("", "_blank");
    if (w) {
      w.opener = null;
      w.document.title = "Loading the document…";
      w.document.body.textContent = "Loading the document…";
    }
    setBusy(true);
    try {
      const res = await load();
      if (!res.response.ok || typeof res.data !== "string") {
        w?.close();
        setProblem(formErrors(res.error));
        return;
      }
      if (w) show(w, res.data);
      else save(new Blob([res.data], { type: "text/html" }), filenameOf(res.response.headers.get("Content-Disposition"), fallbackName));
    } catch {
      w?.close();
      setProblem(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  async function download(load: () => Promise<Answer<unknown>>, fallbackName: string): Promise<void> {
    setProblem(null);
    setBusy(true);
    try {
      const res = await load();
      if (!res.response.ok || !(res.data instanceof Blob)) {
        setProblem(formErrors(res.error));
        return;
      }
      save(res.data, filenameOf(res.response.headers.get("Content-Disposition"), fallbackName));
    } catch {
      setProblem(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  return { problem, setProblem, busy, openHtml, download };
}
