// The page behind an emailed link (confirm an address, finish joining): one POST button, because mail
// scanners open GET links and a GET must change nothing. Works without JavaScript.
import { Form, useNavigation } from "react-router";
import { formState, type FormResultLike } from "#app/components/forms.tsx";
import { useT } from "#app/utils/use-t.ts";

export function LinkConfirmPage({
  heading,
  intro,
  submit,
  result,
}: {
  heading: string;
  intro: string;
  submit: string;
  result?: FormResultLike;
}) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const refusals = formState(result).errors;
  const messages = Object.values(refusals).flat();
  return (
    <section className="narrow stack" aria-labelledby="link-heading">
      <h1 id="link-heading">{heading}</h1>
      {messages.length ? (
        <div className="alert alert-error" role="alert">
          {messages.map((m) => (
            <p key={m}>{t(m)}</p>
          ))}
        </div>
      ) : null}
      <p>{intro}</p>
      <Form method="post" className="form">
        <button type="submit" name="confirm" value="yes" className="button" disabled={busy}>
          {submit}
        </button>
      </Form>
    </section>
  );
}
