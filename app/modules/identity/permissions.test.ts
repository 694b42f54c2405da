import { describe, expect, test } from "vitest";
import { can, ROLE_PERMISSIONS, type Actor } from "./permissions.ts";

const learner: Actor = { id: "u1", roles: ["learner"], orgIds: [], cohortIds: [] };
const sponsor: Actor = { id: "u2", roles: ["sponsor"], orgIds: ["org-a"], cohortIds: [] };
const educator: Actor = { id: "u3", roles: ["educator"], orgIds: [], cohortIds: ["c1"] };
const admin: Actor = { id: "u4", roles: ["admin"], orgIds: [], cohortIds: [] };

describe("scopes", () => {
  test("own: a learner reaches its own records and not another's", () => {
    expect(can(learner, "read:credential", { ownerId: "u1" })).toBe(true);
    expect(can(learner, "read:credential", { ownerId: "someone-else" })).toBe(false);
  });
  test("org: a sponsor member reaches its organisation's orders only", () => {
    expect(can(sponsor, "read:order", { orgId: "org-a" })).toBe(true);
    expect(can(sponsor, "read:order", { orgId: "org-b" })).toBe(false);
    expect(can({ ...sponsor, orgIds: [] }, "read:order:org")).toBe(false);
  });
  test("cohort: an educator grades only in cohorts they teach", () => {
    expect(can(educator, "grade:submission", { cohortId: "c1" })).toBe(true);
    expect(can(educator, "grade:submission", { cohortId: "c2" })).toBe(false);
  });
  test("any: admins reach every record of the entities they manage", () => {
    expect(can(admin, "read:order", { orgId: "org-z" })).toBe(true);
    expect(can(admin, "revoke:credential", { ownerId: "u1" })).toBe(true);
  });
  test("an explicit scope is checked exactly", () => {
    expect(can(admin, "read:enrolment:own")).toBe(false);
    expect(can(admin, "read:enrolment:any")).toBe(true);
  });
  test("no role reaches what it was not given", () => {
    expect(can(learner, "read:audit-log")).toBe(false);
    expect(can(sponsor, "read:credential", { ownerId: "u1" })).toBe(false);
    expect(can(educator, "publish:course", {})).toBe(false);
    // Sponsors never see individual learners (docs/architecture.md "sponsorship").
    expect(ROLE_PERMISSIONS.sponsor.some((p) => /:(user|enrolment|credential|submission|grade):/.test(p))).toBe(false);
  });
});
