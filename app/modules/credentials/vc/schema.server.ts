// The official 1EdTech Open Badges 3.0 JSON Schema (draft 2019-09) for AchievementCredential and
// OpenBadgeCredential, from standards/ (see its README), compiled once with Ajv and ajv-formats.
import { Ajv2019 } from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import schema from "../standards/ob_v3p0_achievementcredential_schema.json" with { type: "json" };

export type ShapeResult = { valid: boolean; errors: string[] };

/** At most this many errors are reported (a document can have thousands). */
const MAX_ERRORS = 20;

let validate: ReturnType<Ajv2019["compile"]> | undefined;

function validator() {
  if (!validate) {
    // strict: false — the official schema uses annotations ($comment, description on $ref…) Ajv's strict mode rejects.
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  return validate;
}

/** Whether `doc` is an OpenBadgeCredential by the official schema, with its errors ("/path: message"). */
export function validateOpenBadgeShape(doc: unknown): ShapeResult {
  const check = validator();
  if (check(doc)) return { valid: true, errors: [] };
  const errors = (check.errors ?? []).slice(0, MAX_ERRORS).map((e) => `${e.instancePath || "/"}: ${e.message ?? e.keyword}`);
  return { valid: false, errors: [...new Set(errors)] };
}
