// Env is parsed once, at start-up (docs/architecture.md). A missing or malformed variable stops the
// process with a message that names it. Secrets get generated defaults only outside production.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * TRUST_PROXY: how many reverse proxies stand in front of the app (default 0). Express then takes the
 * client address that many hops from the right of X-Forwarded-For (the entry the outermost trusted proxy
 * appended), and the protocol from X-Forwarded-Proto. "false" is 0; "true" (trust every hop, so a client
 * could choose its own address) is refused with a message asking for the count.
 */
const proxyHops = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const v = raw?.trim().toLowerCase();
    if (v === undefined || v === "false") return 0;
    if (v === "true") {
      ctx.addIssue({
        code: "custom",
        message:
          'must be the NUMBER of trusted proxy hops, not "true" (which would trust every hop, so a client could choose its IP with X-Forwarded-For): set TRUST_PROXY=1 behind one reverse proxy, 0 with none',
      });
      return z.NEVER;
    }
    if (!/^\d{1,2}$/.test(v)) {
      ctx.addIssue({
        code: "custom",
        message: "must be the number of trusted proxy hops: a whole number from 0 (no proxy) to 99",
      });
      return z.NEVER;
    }
    return Number(v);
  });

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .optional()
      .transform((v) => (v ? v : undefined))
      .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), "must be a postgresql:// URL"),
    DATA_DIR: z.string().min(1).default(".data"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().optional(),
    APP_ORIGIN: z.url().optional(),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    ENCRYPTION_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (32 bytes)")
      .optional(),
    QUICK_EXIT_URL: z.url().default("https://www.bbc.com/weather"),
    MAIL_TRANSPORT: z.enum(["outbox", "smtp"]).default("outbox"),
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().default("Waystone <no-reply@waystone.invalid>"),
    TRUST_PROXY: proxyHops,
    // Tests only: multiplies the per-client request limits (identity/rate-limit.server.ts). The e2e
    // server sets it, since every one of its browsers is the same client, 127.0.0.1. Leave it unset.
    RATE_LIMIT_SCALE: z.coerce.number().int().min(1).max(1000).default(1),
    // Sponsors' payments (app/modules/sponsorship, ADR 027). Without a secret key the offline provider
    // (a clearly labelled local checkout page) completes orders through the same fulfilment code.
    STRIPE_SECRET_KEY: z.string().optional(),
    STRIPE_WEBHOOK_SECRET: z.string().optional(),
    // Tests and local development only: the Stripe API's address, for the local fake
    // (scripts/stripe-fake.ts, `npm run stripe:fake`). Unset: Stripe's own servers.
    STRIPE_API_BASE: z.url().optional(),
    // Tests only: fulfilment waits this long inside its transaction, after writing the seats and before
    // committing, so a test can kill the process in the middle (tests/integration/payments-crash.test.ts).
    // Refused in production.
    PAYMENTS_TEST_FULFIL_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
    MUX_TOKEN_ID: z.string().optional(),
    MUX_TOKEN_SECRET: z.string().optional(),
    MUX_WEBHOOK_SECRET: z.string().optional(),
    // Where uploaded files live (app/modules/files, ADR 022): the local disk under DATA_DIR/uploads, or an
    // S3-compatible bucket addressed path-style.
    STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
    S3_ENDPOINT: z.url().optional(),
    S3_BUCKET: z.string().optional(),
    S3_REGION: z.string().default("us-east-1"),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production") {
      for (const key of ["SESSION_SECRET", "ENCRYPTION_KEY"] as const) {
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when NODE_ENV=production" });
      }
    }
    if (env.NODE_ENV === "production" && env.PAYMENTS_TEST_FULFIL_DELAY_MS > 0) {
      ctx.addIssue({ code: "custom", path: ["PAYMENTS_TEST_FULFIL_DELAY_MS"], message: "is for tests only" });
    }
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_WEBHOOK_SECRET"], message: "is required with STRIPE_SECRET_KEY" });
    }
    if (env.MAIL_TRANSPORT === "smtp" && !env.SMTP_URL) {
      ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: "is required when MAIL_TRANSPORT=smtp" });
    }
    if (env.STORAGE_DRIVER === "s3") {
      for (const key of ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when STORAGE_DRIVER=s3" });
      }
    }
  });

export type Env = Omit<z.infer<typeof EnvSchema>, "SESSION_SECRET" | "ENCRYPTION_KEY" | "APP_ORIGIN"> & {
  SESSION_SECRET: string;
  ENCRYPTION_KEY: string;
  APP_ORIGIN: string;
  secureCookies: boolean;
  usingGeneratedSecrets: boolean;
};

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment; throws EnvError naming every bad variable. Pure apart from dev secrets on disk. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  // An empty variable (e.g. `SESSION_SECRET=` copied from .env.example) counts as unset.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "(env)"} ${i.message}`));
  }
  const env = result.data;
  let usingGeneratedSecrets = false;
  let { SESSION_SECRET, ENCRYPTION_KEY } = env;
  if (!SESSION_SECRET || !ENCRYPTION_KEY) {
    // Only reachable outside production (the schema refuses production without them).
    const dev = loadDevSecrets(env.DATA_DIR);
    SESSION_SECRET ??= dev.SESSION_SECRET;
    ENCRYPTION_KEY ??= dev.ENCRYPTION_KEY;
    usingGeneratedSecrets = true;
  }
  const APP_ORIGIN = new URL(env.APP_ORIGIN ?? `http://localhost:${env.PORT}`).origin;
  const secure = APP_ORIGIN.startsWith("https:");
  if (env.NODE_ENV === "production" && !secure && !isLoopbackOrigin(APP_ORIGIN)) {
    throw new EnvError([`APP_ORIGIN must be https:// in production (got ${APP_ORIGIN})`]);
  }
  return { ...env, SESSION_SECRET, ENCRYPTION_KEY, APP_ORIGIN, secureCookies: secure, usingGeneratedSecrets };
}

function isLoopbackOrigin(origin: string) {
  const host = new URL(origin).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/** Development and test only: random secrets kept under DATA_DIR so sessions survive a restart. */
function loadDevSecrets(dataDir: string): { SESSION_SECRET: string; ENCRYPTION_KEY: string } {
  const file = path.resolve(dataDir, "dev-secrets.json");
  if (existsSync(file)) {
    const parsed = z
      .object({ SESSION_SECRET: z.string().min(32), ENCRYPTION_KEY: z.string().regex(/^[0-9a-f]{64}$/) })
      .safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (parsed.success) return parsed.data;
  }
  const secrets = { SESSION_SECRET: randomBytes(32).toString("hex"), ENCRYPTION_KEY: randomBytes(32).toString("hex") };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

let cached: Env | undefined;

/** The parsed environment of this process. The server calls it at start-up, so errors surface there. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests only: the next getEnv() reads process.env again (a test that sets Stripe keys, say). */
export function forgetEnv() {
  cached = undefined;
}

/** The only values that may reach the browser. */
export function getPublicEnv() {
  const env = getEnv();
  return { QUICK_EXIT_URL: env.QUICK_EXIT_URL };
}
