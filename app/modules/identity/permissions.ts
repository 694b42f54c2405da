// Typed permissions `action:entity:scope`, designed for the whole platform now (later issues add the
// entities). Scopes: `any` (admins), `own` (a person's own records), `cohort` (educators of a cohort),
// `org` (verifiers of an institution, members of a sponsor). One checker, used by every loader and action.
import type { Role } from "#app/generated/prisma/enums.ts";

export type Scope = "any" | "own" | "cohort" | "org";

export const ENTITIES = [
  "user",
  "role",
  "settings",
  "data",
  "organisation",
  "referral-code",
  "invitation",
  "password-reset",
  "outbox",
  "audit-log",
  "educator-application",
  "educator",
  "course",
  "cohort",
  "enrolment",
  "seat-request",
  "lesson-progress",
  "submission",
  "grade",
  "credential",
  "share-link",
  "transcript",
  "issuer-key",
  "agreement",
  "credit-transfer",
  "order",
  "seat-price",
  "seat",
  "impact-report",
  "video",
] as const;
export type Entity = (typeof ENTITIES)[number];

export const ACTIONS = [
  "read",
  "create",
  "update",
  "delete",
  "grant",
  "revoke",
  "submit",
  "vet",
  "publish",
  "grade",
  "allocate",
  "sign",
  "decide",
  "export",
  "erase",
  "teach",
  "suspend",
] as const;
export type Action = (typeof ACTIONS)[number];

export type Permission = `${Action}:${Entity}:${Scope}`;
/** A permission without its scope: the checker accepts whichever scope the user holds and the resource fits. */
export type PermissionRequest = Permission | `${Action}:${Entity}`;

const SELF: Permission[] = ["read:settings:own", "update:settings:own", "export:data:own", "erase:data:own"];

export const ROLE_PERMISSIONS = {
  learner: [
    ...SELF,
    "create:seat-request:own",
    "read:seat-request:own",
    "read:enrolment:own",
    "read:lesson-progress:own",
    "update:lesson-progress:own",
    "create:submission:own",
    "read:submission:own",
    "read:grade:own",
    "read:credential:own",
    "read:transcript:own",
    "create:share-link:own",
    "revoke:share-link:own",
    "create:credit-transfer:own",
    "read:credit-transfer:own",
  ],
  educator: [
    ...SELF,
    "create:educator-application:own",
    "read:educator-application:own",
    "update:educator-application:own",
    "create:course:own",
    "read:course:own",
    "update:course:own",
    "submit:course:own",
    "read:cohort:cohort",
    "teach:cohort:cohort",
    "read:enrolment:cohort",
    "read:submission:cohort",
    "grade:submission:cohort",
    "create:video:own",
  ],
  verifier: [
    ...SELF,
    "read:organisation:org",
    "read:agreement:org",
    "sign:agreement:org",
    "read:credit-transfer:org",
    "decide:credit-transfer:org",
  ],
  sponsor: [
    ...SELF,
    "read:organisation:org",
    "create:order:org",
    "read:order:org",
    "read:seat:org",
    "read:impact-report:org",
    // the organisation's own members (identity/invite-org-member): only its owners use these (Membership.orgRole)
    "create:invitation:org",
    "revoke:invitation:org",
    "update:organisation:org",
  ],
  admin: [
    ...SELF,
    "read:user:any",
    "grant:role:any",
    "revoke:role:any",
    "suspend:user:any",
    "create:organisation:any",
    "read:organisation:any",
    "update:organisation:any",
    "create:referral-code:any",
    "read:referral-code:any",
    "revoke:referral-code:any",
    "create:invitation:any",
    "read:invitation:any",
    "revoke:invitation:any",
    // a one-time reset code for a learner, at the request of their partner NGO (identity/issue-reset-code)
    "create:password-reset:any",
    "read:outbox:any",
    "read:audit-log:any",
    "read:educator-application:any",
    "vet:educator-application:any",
    "suspend:educator:any",
    "read:course:any",
    "publish:course:any",
    "create:cohort:any",
    "update:cohort:any",
    "read:cohort:any",
    "read:seat-request:any",
    "allocate:seat:any",
    "read:enrolment:any",
    "read:credential:any",
    "revoke:credential:any",
    // rotate the issuer's signing key, mark a key compromised (credentials/rotate-issuer-key)
    "update:issuer-key:any",
    "create:agreement:any",
    "read:agreement:any",
    "sign:agreement:any",
    "read:credit-transfer:any",
    "read:order:any",
    "read:seat-price:any",
    "update:seat-price:any",
    "read:seat:any",
    "read:impact-report:any",
  ],
} as const satisfies Record<Role, readonly Permission[]>;

/** What a check needs to know about the acting user. */
export type Actor = { id: string; roles: readonly Role[]; orgIds: readonly string[]; cohortIds: readonly string[] };
/** What a check needs to know about the resource (absent for "my own list" checks). */
export type ResourceRef = { ownerId?: string | null; orgId?: string | null; cohortId?: string | null };

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role] as readonly Permission[]));
}

function scopeFits(scope: Scope, actor: Actor, resource: ResourceRef | undefined): boolean {
  switch (scope) {
    case "any":
      return true;
    // Without a resource the check is about the actor's own records / organisations / cohorts in
    // general (a list that the query itself scopes); with one, the resource must belong to them.
    case "own":
      return resource === undefined || resource.ownerId === actor.id;
    case "org":
      return resource === undefined ? actor.orgIds.length > 0 : !!resource.orgId && actor.orgIds.includes(resource.orgId);
    case "cohort":
      return resource === undefined
        ? actor.cohortIds.length > 0
        : !!resource.cohortId && actor.cohortIds.includes(resource.cohortId);
  }
}

export function can(actor: Actor, request: PermissionRequest, resource?: ResourceRef): boolean {
  const [action, entity, scope] = request.split(":") as [Action, Entity, Scope | undefined];
  const held = permissionsOf(actor.roles);
  const scopes: Scope[] = scope ? [scope] : ["any", "own", "org", "cohort"];
  return scopes.some((s) => held.has(`${action}:${entity}:${s}`) && scopeFits(s, actor, resource));
}
