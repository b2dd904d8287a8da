import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  css: {
    // GOV.UK Frontend keeps old browser hacks that the CSS minifier refuses without this.
    lightningcss: { errorRecovery: true },
    preprocessorOptions: {
      scss: { quietDeps: true, silenceDeprecations: ["import"] },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Everything is served by `redress serve` from one origin under a strict CSP.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
