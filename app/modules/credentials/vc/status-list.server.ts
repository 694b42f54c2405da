// W3C Bitstring Status List v1.0: the list is a bitstring (index 0 is the most significant bit of the
// first byte), GZIP-compressed, base64url without padding, with the multibase prefix "u" — the form
// @digitalbazaar/vc-bitstring-status-list reads. A set bit means revoked.
import { gunzipSync, gzipSync } from "node:zlib";

/** The least number of entries of a list (the spec's minimum, for group privacy): 16 KB of bits. */
export const STATUS_LIST_MIN_SIZE = 131072;
/** The most bytes a decoded list may take (a guard against a compression bomb): 2^27 entries. */
const MAX_DECODED_BYTES = 16 * 1024 * 1024;

/** The encodedList of a list of `size` entries (a multiple of 8) with the given indexes set. */
export function encodeStatusList(size: number, setIndexes: Iterable<number>): string {
  if (!Number.isSafeInteger(size) || size <= 0 || size % 8 !== 0 || size / 8 > MAX_DECODED_BYTES) {
    throw new RangeError(`A status list has a positive multiple of 8 entries: ${size}`);
  }
  const bits = new Uint8Array(size / 8);
  for (const index of setIndexes) {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`Not an index of the list: ${index}`);
    bits[index >> 3]! |= 0x80 >> (index & 7);
  }
  return `u${gzipSync(bits).toString("base64url")}`;
}

export type DecodedStatusList = { size: number; isSet(index: number): boolean };

/** The list of an encodedList; throws on anything that is not one (wrong prefix, not GZIP, too large). */
export function decodeStatusList(encodedList: string): DecodedStatusList {
  if (typeof encodedList !== "string" || !/^u[A-Za-z0-9_-]+$/.test(encodedList)) {
    throw new TypeError("An encodedList is multibase base64url (u…).");
  }
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), "base64url"), { maxOutputLength: MAX_DECODED_BYTES });
  const size = bits.length * 8;
  return {
    size,
    isSet(index: number) {
      if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`Not an index of the list: ${index}`);
      return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
    },
  };
}

/** Whether entry `index` of the list is set (revoked). */
export function isIndexSet(encodedList: string, index: number): boolean {
  return decodeStatusList(encodedList).isSet(index);
}
