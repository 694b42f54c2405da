// The audit page's query string (a GET form and its paging links). Read leniently: a value that is not
// valid (a mistyped date, a forged cursor) is ignored, like an unknown action, and the page still shows.
import { z } from "zod";

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v));

/** A keyset cursor: the creation time and id of the row a page starts after (`2026-12-01T10:00:00.000Z~ck…`). */
export const CURSOR_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~([a-z0-9]{1,40})$/i;

export const AuditQuerySchema = z.object({
  action: z.string().max(80),
  /** A username or an exact email, as typed into the filter. */
  actor: z.string().trim().min(1).max(254),
  /** An account id, from a "their actions" link. */
  actorId: z.string().regex(/^[a-z0-9]{1,40}$/i),
  from: Day,
  to: Day,
  before: z.string().regex(CURSOR_PATTERN),
  after: z.string().regex(CURSOR_PATTERN),
});
export type AuditQuery = Partial<z.output<typeof AuditQuerySchema>>;

/** Each parameter on its own: the valid ones are kept, the others dropped. */
export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  const query: Record<string, string> = {};
  for (const [name, schema] of Object.entries(AuditQuerySchema.shape)) {
    const raw = params.get(name);
    if (raw === null || raw === "") continue;
    const parsed = schema.safeParse(raw);
    if (parsed.success) query[name] = parsed.data;
  }
  return query as AuditQuery;
}
