// Which enrolments have a credential, and since when: for the sponsor's impact report, which counts the
// credentials its seats led to (sponsorship calls this; learning gives it the enrolment ids). A revoked
// credential still counts: it was issued. Nothing about the learner or the credential's content leaves.
import { readRows, sql, type Tx } from "#app/utils/db.server.ts";

/** Enrolment id → when its credential was issued, for those of `enrolmentIds` that have one. One query. */
export async function listIssuedCredentialDates(enrolmentIds: readonly string[], db?: Tx): Promise<Map<string, Date>> {
  const issued = new Map<string, Date>();
  if (enrolmentIds.length === 0) return issued;
  const rows = await readRows<{ enrolmentId: string; issuedAt: Date }>(
    sql`SELECT "enrolmentId", "issuedAt" FROM "Credential" WHERE "enrolmentId" = ANY(${[...new Set(enrolmentIds)]}::text[])`,
    db,
  );
  for (const row of rows) issued.set(row.enrolmentId, row.issuedAt);
  return issued;
}
