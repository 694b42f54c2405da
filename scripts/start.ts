// `npm start`: on a fresh machine, writes a .env with generated secrets (once), builds, migrates and
// seeds the embedded database, then serves the production build at http://localhost:$PORT (3000 unless set).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

if (!existsSync(".env")) {
  const template = readFileSync(".env.example", "utf8");
  const filled = template
    .replace(/^SESSION_SECRET=.*$/m, `SESSION_SECRET=${randomBytes(32).toString("hex")}`)
    .replace(/^ENCRYPTION_KEY=.*$/m, `ENCRYPTION_KEY=${randomBytes(32).toString("hex")}`);
  writeFileSync(".env", filled, { mode: 0o600 });
  console.log("Created .env with freshly generated SESSION_SECRET and ENCRYPTION_KEY (keep it private).");
}

function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// React Router 7.18's build hands Vite 8 an internal config with `envFile: false`, which Vite reports as
// deprecated once per environment: a message about the framework's own wiring, not about this app, and
// nothing anyone starting Waystone can act on. Only that exact line is dropped; everything else is shown.
const UPSTREAM_NOTICE = /^The `envFile` option is deprecated, please use `envDir: false` instead\.$/;

function build() {
  const result = spawnSync("npx", ["react-router", "build"], { encoding: "utf8", env: process.env });
  for (const [stream, text] of [
    [process.stdout, result.stdout],
    [process.stderr, result.stderr],
  ] as const) {
    // eslint-disable-next-line no-control-regex -- colour codes around the message
    const kept = (text ?? "").split("\n").filter((line) => !UPSTREAM_NOTICE.test(line.replace(/\x1b\[[0-9;]*m/g, "")));
    stream.write(kept.join("\n"));
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}

console.log("Building…");
build();
console.log("Preparing the database…");
run(process.execPath, ["--import", "tsx", "scripts/db-setup.ts"]);

const server = spawn(process.execPath, ["--env-file=.env", "--import", "tsx", "server/index.ts"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
