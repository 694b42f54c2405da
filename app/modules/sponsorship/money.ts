// Amounts are kept in minor units (cents; yen have none) with a lower-case ISO 4217 code, as Stripe does.
import { numberFormat } from "#app/utils/intl-format.ts";

const DIGITS: Record<string, number> = { jpy: 0 };

export function minorDigits(currency: string): number {
  return DIGITS[currency.toLowerCase()] ?? 2;
}

/** "€1,200.00", "US$120.00", "١٢٠٫٠٠ US$": the amount in the reader's locale. */
export function formatMoney(locale: string, amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  return numberFormat(locale, {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amountMinor / 10 ** digits);
}

/** The amount as an admin types it back into the price form ("120.00"). */
export function majorAmount(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  return (amountMinor / 10 ** digits).toFixed(digits);
}
