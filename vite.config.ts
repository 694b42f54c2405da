// Takes the place of remix.config.js: Remix now ships as React Router v7 framework mode, built by Vite
// (docs/decisions/001-stack-react-router-v7.md).
import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [reactRouter()],
  build: { target: "es2022", cssMinify: true },
  server: { port: 3000 },
});
