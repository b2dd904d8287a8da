/** Documents the API sends (the self-assessment and annual report as HTML or CSV): their file
 * names, and the HTML's own stylesheet taken out of it, so that the portal can show the
 * document in a new tab under its Content-Security-Policy (which refuses inline styles) by
 * adopting the stylesheet instead. */

/** The file name a Content-Disposition header gives, or `fallback`. */
export function filenameOf(disposition: string | null | undefined, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ""));
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition);
  const name = (plain?.[2] ?? plain?.[1] ?? "").trim();
  return name && !/[\\/]/.test(name) ? name : fallback;
}

/** The HTML with its `<style>` elements taken out, and their CSS. */
export function takeStyles(html: string): { html: string; css: string } {
  const css: string[] = [];
  const rest = html.replace(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi, (_, body: string) => {
    css.push(body);
    return "";
  });
  return { html: rest, css: css.join("\n") };
}
