// The messages of the wallet's own pages: the `wallet` area and, of the `share` area, only the labels of
// a credential's facts (the rest is the share page's and the certificates'). Each page carries its
// messages in its hydration data, and learner pages have a JavaScript budget (ADR 024).
import type { Messages } from "#app/utils/i18n.ts";
import { pageMessages } from "#app/utils/page-messages.server.ts";

const WALLET_PAGE_KEYS = /^(?:wallet\.|share\.(?:fact_|credits_plain|utc_time))/;

export async function walletPageMessages(request: Request): Promise<Messages> {
  const all = await pageMessages(request, ["wallet", "share"]);
  return Object.fromEntries(Object.entries(all).filter(([key]) => WALLET_PAGE_KEYS.test(key)));
}
