// A valid application to teach, as the form gives it (after its schema): for the operation and timing tests.
import type { EducatorApplicationInput } from "#app/modules/educators/schemas.ts";
import { uniqueEmail, uniqueUsername } from "./factories.ts";

const STRONG = "Lantern-Orchard-Quiet-47";

export function applicationInput(over: Partial<EducatorApplicationInput> = {}): EducatorApplicationInput {
  return {
    email: uniqueEmail("applicant"),
    username: uniqueUsername("applicant"),
    displayName: "Prof Ada",
    password: STRONG,
    confirmPassword: STRONG,
    subjects: ["physics", "mathematics"],
    languages: ["en", "fr"],
    availabilityHours: 6,
    reference1Name: "R. One",
    reference1Contact: "one@example.test",
    reference2Name: "R. Two",
    reference2Contact: "+00 555 0101",
    highestQualification: "doctorate",
    institution: "Somewhere University",
    statement: "I have taught physics for ten years and would like to help learners who need a second chance.",
    ...over,
  };
}
