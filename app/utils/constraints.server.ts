// The HTML constraint attributes of a form (required, minLength, maxLength, min, max, step, multiple),
// derived on the server from the very zod schema that validates the submission, so that what the
// browser shows and what the server accepts cannot drift apart. Loaders send the result to the page
// (a few hundred bytes) and no zod code reaches the browser (docs/decisions/011-operations-and-forms.md).
//
// Conform's getZodConstraint reads `schema._zod.bag`, which zod 4.6 no longer fills for length and
// range checks, so it would report `required` only; this reads the checks' definitions instead.
import type { z } from "zod";

export type Constraint = {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  step?: number;
  multiple?: boolean;
};
export type Constraints = Record<string, Constraint>;

type Def = {
  type: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  shape?: Record<string, Schema>;
  element?: Schema;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  options?: Schema[];
  left?: Schema;
  right?: Schema;
  getter?: () => Schema;
};
type CheckDef = { check: string; minimum?: number; maximum?: number; value?: number; inclusive?: boolean; format?: string };
type Schema = { _zod: { def: Def } };

function applyChecks(def: Def, c: Constraint) {
  for (const check of def.checks ?? []) {
    const d = check._zod.def;
    if (d.check === "min_length" && d.minimum !== undefined) c.minLength = Math.max(c.minLength ?? 0, d.minimum);
    else if (d.check === "max_length" && d.maximum !== undefined) c.maxLength = Math.min(c.maxLength ?? Infinity, d.maximum);
    else if (d.check === "greater_than" && d.value !== undefined) c.min = d.value;
    else if (d.check === "less_than" && d.value !== undefined) c.max = d.value;
    else if (d.check === "number_format" && (d.format === "safeint" || d.format === "int32")) c.step = 1;
  }
}

function walk(schema: Schema, name: string, out: Constraints, optional: boolean) {
  const def = schema._zod.def;
  const here = (): Constraint => (out[name] ??= { required: !optional });
  switch (def.type) {
    case "object":
      for (const [key, child] of Object.entries(def.shape ?? {})) walk(child, name ? `${name}.${key}` : key, out, false);
      return;
    case "optional":
    case "default":
    case "prefault":
    case "catch":
      if (name) here().required = false;
      return walk(def.innerType!, name, out, true);
    case "nullable":
    case "readonly":
    case "nonoptional":
      return walk(def.innerType!, name, out, optional);
    case "pipe":
      // z.preprocess(fn, schema) and schema.transform(fn): the input side is what the form holds.
      if (def.in!._zod.def.type === "transform") return walk(def.out!, name, out, optional);
      return walk(def.in!, name, out, optional);
    case "lazy":
      return walk(def.getter!(), name, out, optional);
    case "union":
      for (const option of def.options ?? []) walk(option, name, out, optional);
      return;
    case "intersection":
      walk(def.left!, name, out, optional);
      walk(def.right!, name, out, optional);
      return;
    case "array": {
      const c = here();
      c.multiple = true;
      applyChecks(def, c);
      // An array's own min/max is about how many items, not their length.
      if (c.minLength !== undefined || c.maxLength !== undefined) {
        delete c.minLength;
        delete c.maxLength;
      }
      walk(def.element!, `${name}[]`, out, false);
      return;
    }
    case "string": {
      const c = here();
      applyChecks(def, c);
      if (!c.minLength) c.required = false; // "" is a valid value
      return;
    }
    case "number":
      applyChecks(def, here());
      return;
    default:
      if (name) here();
  }
}

/** Constraints by Conform field name; array items are under `name[]` (`questions[].prompt`). */
export function getConstraints(schema: z.ZodType): Constraints {
  const out: Constraints = {};
  walk(schema as unknown as Schema, "", out, false);
  return out;
}
