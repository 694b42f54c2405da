import { Fragment } from "react";

/**
 * A translated message with user content (a display name, a course or lesson title) put in its
 * `{placeholders}` as `<bdi>` elements. The user text then keeps its own direction and cannot move the
 * message's punctuation: an English title ending in "?" inside an Arabic sentence stays where it belongs.
 * `message` is `t(key)` or `t(key, { count })`: placeholders that t() did not fill are left for this.
 */
export function WithUserText({ message, values }: { message: string; values: Record<string, string> }) {
  const parts = message.split(/\{(\w+)\}/g);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 && part in values ? (
          <bdi key={i}>{values[part]}</bdi>
        ) : (
          <Fragment key={i}>{i % 2 === 1 ? `{${part}}` : part}</Fragment>
        ),
      )}
    </>
  );
}
