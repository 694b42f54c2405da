// The /verify form: paste the credential, upload its file, or give a link (a share link, or a
// credential's own URL as printed on a certificate). Messages are i18n keys.
import { z } from "zod";

/** The largest credential accepted, pasted or uploaded (a CLR transcript of many courses stays far below). */
export const MAX_CREDENTIAL_BYTES = 512 * 1024;

export const VerifyFormSchema = z.object({
  credential: z.string().trim().max(MAX_CREDENTIAL_BYTES, "verify.too_large").optional(),
  link: z.string().trim().max(2000, "form.too_long").optional(),
});
export type VerifyFormInput = z.output<typeof VerifyFormSchema>;
