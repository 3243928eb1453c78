import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The province console: a second app in this package, served by `vonxa-province serve` at `/`
// from files embedded in its binary (built into `dist-console/`). Paths are relative to `ui/`,
// where npm runs this; the Svelte config (preprocessing) is the desktop UI's.
export default defineConfig({
  root: "console",
  base: "/",
  publicDir: "../public",
  plugins: [svelte({ configFile: "../svelte.config.js" })],
  clearScreen: false,
  server: {
    port: 5174,
    strictPort: true,
    // `npm run dev:console` against a local `vonxa-province serve` (its default --listen).
    proxy: { "/console/api": "http://127.0.0.1:8080" },
  },
  build: { target: "es2020", outDir: "../dist-console", emptyOutDir: true },
});
