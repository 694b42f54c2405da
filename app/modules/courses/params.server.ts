// Route parameters of the course pages. A malformed id or slug is a 404, like an unknown one; route()
// (app/utils/responses.server.ts) has already refused control characters with a 400.
import { invariant } from "#app/utils/errors.ts";
import { IdSchema, SlugSchema } from "./schemas.ts";

export function courseIdParam(value: string | undefined): string {
  const id = IdSchema.safeParse(value);
  invariant(id.success);
  return id.data;
}

export function slugParam(value: string | undefined): string {
  const slug = SlugSchema.safeParse(value);
  invariant(slug.success && slug.data === value);
  return slug.data;
}
