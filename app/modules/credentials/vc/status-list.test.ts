import { gzipSync } from "node:zlib";
import { createList, decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import { describe, expect, test } from "vitest";
import { decodeStatusList, encodeStatusList, isIndexSet, STATUS_LIST_MIN_SIZE } from "./status-list.server.ts";

describe("Bitstring Status List", () => {
  test("the spec's minimum size", () => {
    expect(STATUS_LIST_MIN_SIZE).toBe(131072);
  });

  test("round trip: exactly the indexes set are set, at both ends of the list", () => {
    const set = [0, 1, 7, 8, 4242, 65535, STATUS_LIST_MIN_SIZE - 1];
    const encoded = encodeStatusList(STATUS_LIST_MIN_SIZE, set);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    const list = decodeStatusList(encoded);
    expect(list.size).toBe(STATUS_LIST_MIN_SIZE);
    const found: number[] = [];
    for (let i = 0; i < list.size; i++) if (list.isSet(i)) found.push(i);
    expect(found).toEqual(set);
    expect(isIndexSet(encoded, 4242)).toBe(true);
    expect(isIndexSet(encoded, 4243)).toBe(false);
  });

  test("the same bits as @digitalbazaar/vc-bitstring-status-list, both ways (index 0 is the first bit)", async () => {
    const set = [0, 3, 9, 100_000];
    const ours = encodeStatusList(STATUS_LIST_MIN_SIZE, set);
    const theirs = await decodeList({ encodedList: ours });
    expect(theirs.length).toBe(STATUS_LIST_MIN_SIZE);
    for (const i of [0, 1, 2, 3, 8, 9, 10, 99_999, 100_000, 100_001])
      expect(theirs.getStatus(i), `index ${i}`).toBe(set.includes(i));

    const made = await createList({ length: STATUS_LIST_MIN_SIZE });
    for (const i of set) made.setStatus(i, true);
    const back = decodeStatusList(await made.encode());
    for (const i of [0, 1, 2, 3, 8, 9, 10, 99_999, 100_000, 100_001]) expect(back.isSet(i), `index ${i}`).toBe(set.includes(i));
  });

  test("encodes 131,072 entries in a few milliseconds", () => {
    const indexes = Array.from({ length: 2000 }, (_, i) => (i * 65.537) | 0);
    encodeStatusList(STATUS_LIST_MIN_SIZE, indexes); // warm up
    const times: number[] = [];
    for (let run = 0; run < 7; run++) {
      const start = performance.now();
      decodeStatusList(encodeStatusList(STATUS_LIST_MIN_SIZE, indexes));
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    expect(times[3]!).toBeLessThan(15);
  });

  test("refuses sizes and indexes that are not of a list, and anything that is not an encodedList", () => {
    expect(() => encodeStatusList(100, [])).toThrow(RangeError);
    expect(() => encodeStatusList(0, [])).toThrow(RangeError);
    expect(() => encodeStatusList(16, [16])).toThrow(RangeError);
    expect(() => encodeStatusList(16, [-1])).toThrow(RangeError);
    expect(() => encodeStatusList(16, [1.5])).toThrow(RangeError);
    const list = decodeStatusList(encodeStatusList(16, [15]));
    expect(() => list.isSet(16)).toThrow(RangeError);
    expect(list.isSet(15)).toBe(true);
    expect(() => decodeStatusList("H4sIAAAA")).toThrow(/multibase/); // no "u" prefix
    expect(() => decodeStatusList("u!!")).toThrow();
    expect(() => decodeStatusList("uAAAA")).toThrow(); // not GZIP
  });

  test("a compression bomb is refused, not inflated", () => {
    const bomb = `u${gzipSync(new Uint8Array(64 * 1024 * 1024)).toString("base64url")}`;
    expect(bomb.length).toBeLessThan(200_000);
    expect(() => decodeStatusList(bomb)).toThrow();
  });
});
