import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { RATE_LIMITS, takeRateLimit } from "./rate-limit.server.ts";

const client = () => `203.0.113.${randomBytes(1)[0]}-${randomBytes(4).toString("hex")}`;

describe("takeRateLimit", () => {
  test("lets a client through up to the limit, then refuses with request.too_many", async () => {
    const ip = client();
    for (let i = 0; i < RATE_LIMITS.recovery.limit; i++) await takeRateLimit("recovery", ip);
    await expect(takeRateLimit("recovery", ip)).rejects.toMatchObject({ reason: "request.too_many" });
    // another client and another bucket are counted apart
    await expect(takeRateLimit("recovery", client())).resolves.toBeUndefined();
    await expect(takeRateLimit("signup", ip)).resolves.toBeUndefined();
  });

  test("concurrent requests cannot slip past the limit", async () => {
    const ip = client();
    const n = RATE_LIMITS.application.limit + 5;
    const results = await Promise.allSettled(Array.from({ length: n }, () => takeRateLimit("application", ip)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(RATE_LIMITS.application.limit);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(5);
  });
});
