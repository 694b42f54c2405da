import type { Config } from "@react-router/dev/config";

export default {
  ssr: true,
  appDirectory: "app",
  // BUILD_DIR: a second build beside the default one (parallel e2e runs on one checkout); default "build".
  buildDirectory: process.env.BUILD_DIR || "build",
  // React Router 8's behaviours, declined for now, explicitly: each changes request handling, data URLs
  // or the build, and adopting one is a change of its own, with its tests (ADR 001). Saying so here also
  // keeps the build and start-up free of "future flag" notices.
  future: {
    v8_middleware: false,
    v8_splitRouteModules: false,
    v8_viteEnvironmentApi: false,
    v8_passThroughRequests: false,
    v8_trailingSlashAwareDataRequests: false,
  },
} satisfies Config;
