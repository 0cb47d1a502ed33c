import { defineConfig } from "vite";

// Preact through Vite's own JSX transform (oxc): no Babel, no plugin (see docs/decisions.md).
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  resolve: { alias: { react: "preact/compat", "react-dom": "preact/compat" } },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false },
  server: { proxy: { "/v1": "http://127.0.0.1:3000", "/demo": "http://127.0.0.1:3000" } },
});
