// Base58btc decoding of a multibase value ("z…"), for the verification bench's raw signature check.
const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

export function base58btc(multibase: string): Uint8Array {
  if (!multibase.startsWith("z")) throw new Error("not a base58btc multibase value");
  let value = 0n;
  for (const ch of multibase.slice(1)) {
    const digit = ALPHABET.indexOf(ch);
    if (digit < 0) throw new Error(`not base58btc: ${ch}`);
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  for (const ch of multibase.slice(1)) {
    if (ch !== "1") break;
    bytes.unshift(0);
  }
  return new Uint8Array(bytes);
}
