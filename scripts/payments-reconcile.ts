// `npm run payments:reconcile [-- --apply]`: compares every paid Checkout Session in Stripe with its order
// and seats here (app/modules/sponsorship/reconcile-payments.server.ts), with a progress bar, and prints
// each drift found. With --apply it also fixes it (fulfils unfulfilled orders, makes missing seats, applies
// refunds). Exit code 0 when nothing is (left) wrong, 1 when drift remains, 2 for a usage error.
import { existsSync } from "node:fs";
import { reconcilePayments } from "#app/modules/sponsorship/reconcile-payments.server.ts";
import { disconnectDb } from "#app/utils/db.server.ts";
import { ensureDatabase } from "#app/utils/embedded-db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { JOB_WORKERS } from "#app/utils/job-workers.server.ts";
import { startJobs, stopJobs } from "#app/utils/jobs.server.ts";
import { createProgress } from "#scripts/progress.ts";

if (existsSync(".env")) process.loadEnvFile(".env");
const args = process.argv.slice(2);
if (args.some((a) => a !== "--apply")) {
  console.error("usage: npm run payments:reconcile [-- --apply]");
  process.exit(2);
}
const apply = args.includes("--apply");
if (!getEnv().STRIPE_SECRET_KEY) {
  console.error("STRIPE_SECRET_KEY is not set: with the offline provider there is nothing in Stripe to reconcile.");
  process.exit(2);
}
const db = await ensureDatabase(getEnv().DATA_DIR);
try {
  await startJobs({ registry: JOB_WORKERS, work: false });
  let progress: ReturnType<typeof createProgress> | null = null;
  const report = await reconcilePayments({
    apply,
    onStart: (total) => (progress = createProgress(total, "Checking paid sessions")),
    onProgress: (id, drift) => progress?.tick(drift ? `${id}: ${drift} drift` : id),
  });
  (progress as ReturnType<typeof createProgress> | null)?.finish(
    `Sessions: ${report.sessions} complete, ${report.checked} paid; drift: ${report.drift.length}${apply ? `, fixed: ${report.drift.filter((d) => d.fixed).length}` : ""}.`,
  );
  for (const d of report.drift) {
    const counts = d.expected !== undefined ? ` (expected ${d.expected}, found ${d.actual})` : "";
    console.log(`${d.fixed ? "FIXED" : "DRIFT"}  ${d.kind}  session ${d.sessionId}  order ${d.orderId ?? "-"}${counts}`);
  }
  if (report.drift.some((d) => !d.fixed)) process.exitCode = 1;
} catch (error) {
  console.error(`Reconciliation failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await stopJobs({ timeoutMs: 2_000 }).catch(() => {});
  await disconnectDb();
  await db.stop();
}
