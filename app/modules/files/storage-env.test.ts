// STORAGE_DRIVER and the S3 variables (app/utils/env.server.ts): local by default, s3 only when complete.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { EnvError, parseEnv } from "#app/utils/env.server.ts";

const base = { DATA_DIR: mkdtempSync(path.join(tmpdir(), "waystone-env-")) };

describe("storage settings", () => {
  test("local by default; S3 region defaults to us-east-1", () => {
    expect(parseEnv(base)).toMatchObject({ STORAGE_DRIVER: "local", S3_REGION: "us-east-1" });
  });

  test("s3 needs its endpoint, bucket and keys: each missing one is named", () => {
    let problems: string[] = [];
    try {
      parseEnv({ ...base, STORAGE_DRIVER: "s3", S3_BUCKET: "b" });
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      problems = (error as EnvError).problems;
    }
    expect(problems).toEqual([
      "S3_ENDPOINT is required when STORAGE_DRIVER=s3",
      "S3_ACCESS_KEY_ID is required when STORAGE_DRIVER=s3",
      "S3_SECRET_ACCESS_KEY is required when STORAGE_DRIVER=s3",
    ]);
    expect(
      parseEnv({
        ...base,
        STORAGE_DRIVER: "s3",
        S3_ENDPOINT: "https://s3.example.org",
        S3_BUCKET: "waystone",
        S3_ACCESS_KEY_ID: "AKID",
        S3_SECRET_ACCESS_KEY: "secret",
        S3_REGION: "eu-central-1",
      }),
    ).toMatchObject({ STORAGE_DRIVER: "s3", S3_ENDPOINT: "https://s3.example.org", S3_REGION: "eu-central-1" });
    expect(() => parseEnv({ ...base, STORAGE_DRIVER: "ftp" })).toThrow(EnvError);
  });
});
