import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import type { AtRule, PluginCreator } from "postcss";

/** GOV.UK Frontend still carries CSS hacks for Internet Explorer (`@media screen\0`,
 * `(min-width: 0\0)`), which no browser we support reads and the CSS minifier rightly calls
 * invalid. They are dropped before minifying, so the build is clean. */
const dropInternetExplorerHacks: PluginCreator<void> = () => ({
  postcssPlugin: "drop-internet-explorer-hacks",
  AtRule: {
    media(rule: AtRule) {
      if (/\\0|\u0000|\uFFFD/.test(rule.params)) rule.remove();
    },
  },
});
dropInternetExplorerHacks.postcss = true;

export default defineConfig({
  plugins: [react()],
  css: {
    postcss: { plugins: [dropInternetExplorerHacks()] },
    preprocessorOptions: {
      scss: { quietDeps: true, silenceDeprecations: ["import"] },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Everything is served by `redress serve` from one origin under a strict CSP.
    assetsInlineLimit: 0,
    // What each page loads, for scripts/budget.mjs.
    manifest: true,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
