// Every job the app runs, in one place: its queue name, what it does, how it retries and, for
// housekeeping, its schedule. server/index.ts starts them (startJobs with work: true); tests and
// scripts prepare the queues only and run jobs with drainJobs(). See ADR 021.
import { issueCredential, issueMissingCredentials } from "#app/modules/credentials/issue-credential.server.ts";
import { REISSUE_JOB } from "#app/modules/credentials/mark-key-compromised.server.ts";
import { reissueCredentialsOfKey } from "#app/modules/credentials/reissue-credentials.server.ts";
import { allocateOrderSeats } from "#app/modules/sponsorship/allocate-order-seats.server.ts";
import { SEATS_ADDED_JOB } from "#app/modules/sponsorship/fulfil-order.server.ts";
import { deleteExpiredTokens } from "#app/modules/identity/delete-expired-tokens.server.ts";
import { rollOverSeats } from "#app/modules/learning/roll-over-seats.server.ts";
import type { JobRegistry } from "./jobs.server.ts";
import { deliverEmail, EMAIL_JOB, type EmailJobData } from "./mailer.server.ts";

/** The hourly clean-up of expired one-time tokens. */
export const TOKEN_CLEANUP_JOB = "identity.delete-expired-tokens";

/**
 * The clean-up deletes tokens that expired more than this long ago: never one that a request read a
 * moment before it expired and is still working with (the answer to a link past its time is the same
 * neutral refusal whether the row is there or not).
 */
export const TOKEN_CLEANUP_GRACE_MS = 60 * 60 * 1000;

/** learning: an enrolment was completed ({ enrolmentId }). */
export const ENROLMENT_COMPLETED_JOB = "enrolment.completed";

/** learning: the daily roll-over of unused seats of ended cohorts. */
export const SEAT_ROLL_OVER_JOB = "learning.roll-over-seats";

/** credentials: the back-fill of any completion whose credential a job could not issue. */
export const CREDENTIAL_BACKFILL_JOB = "credentials.issue-missing";

export const JOB_WORKERS: JobRegistry = {
  // A failed send is retried 8 times with exponential backoff from 30 s (≈ 2 h in all); after the last
  // one the job is failed and the OutboxEmail keeps the transport's error for admins.
  [EMAIL_JOB]: {
    retryLimit: 8,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 120,
    handler: async (data) => deliverEmail(data as EmailJobData),
  },
  // The domain event of a completed course (learning's completeEnrolment, once per enrolment, written in
  // its transaction): the credential is issued (idempotent on the enrolment). ADR 023, ADR 026.
  [ENROLMENT_COMPLETED_JOB]: {
    retryLimit: 8,
    retryDelay: 30,
    retryBackoff: true,
    handler: async (data) => {
      await issueCredential(String(data.enrolmentId));
    },
  },
  // After a key compromise: every credential it signed is signed again with the current key (idempotent).
  [REISSUE_JOB]: {
    retryLimit: 8,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 3600,
    handler: async (data) => {
      await reissueCredentialsOfKey(String(data.keyId));
    },
  },
  // A completion whose job failed every retry still gets its credential.
  [CREDENTIAL_BACKFILL_JOB]: {
    cron: "*/15 * * * *",
    retryLimit: 2,
    retryDelay: 60,
    handler: async () => {
      await issueMissingCredentials();
    },
  },
  // A sponsor's order was paid: its seats are auto-allocated to the waitlist (ADR 027).
  [SEATS_ADDED_JOB]: {
    retryLimit: 8,
    retryDelay: 30,
    retryBackoff: true,
    handler: async (data) => {
      await allocateOrderSeats(String(data.orderId));
    },
  },
  // learning: unused seats of cohorts that have ended move to the next cohort of the course (or become
  // course-level seats), daily; idempotent, safe to overlap (roll-over-seats.server.ts).
  [SEAT_ROLL_OVER_JOB]: {
    cron: "23 2 * * *",
    retryLimit: 2,
    retryDelay: 300,
    expireInSeconds: 3600,
    handler: async () => {
      await rollOverSeats();
    },
  },
  [TOKEN_CLEANUP_JOB]: {
    cron: "17 * * * *",
    retryLimit: 2,
    retryDelay: 60,
    handler: async () => {
      await deleteExpiredTokens(new Date(Date.now() - TOKEN_CLEANUP_GRACE_MS));
    },
  },
};
