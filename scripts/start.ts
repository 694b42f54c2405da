// `npm start`: on a fresh machine, writes a .env with generated secrets (once), builds, migrates and
// seeds the embedded database, then serves the production build at http://localhost:3000.
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

console.log("Building…");
run("npx", ["react-router", "build"]);
console.log("Preparing the database…");
run(process.execPath, ["--import", "tsx", "scripts/db-setup.ts"]);

const server = spawn(process.execPath, ["--env-file=.env", "--import", "tsx", "server/index.ts"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
