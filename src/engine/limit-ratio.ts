// limit_ratio's deterministic sampling: a series is kept when its label hash,
// scaled to [0, 1], falls below the ratio (or, for a negative ratio, at or
// above 1 + ratio). The hash is xxHash64 of `name\xffvalue\xff…` as in
// Prometheus's Labels.Hash, so the same series are picked.

import type { Labels } from '../model/labels.js';

const MASK = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & MASK;
const round = (acc: bigint, input: bigint): bigint => (rotl((acc + input * P2) & MASK, 31n) * P1) & MASK;
const mergeRound = (acc: bigint, val: bigint): bigint => ((((acc ^ round(0n, val)) * P1) & MASK) + P4) & MASK;

function readU64(b: Uint8Array, i: number): bigint {
  let v = 0n;
  for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(b[i + k]!);
  return v;
}

function readU32(b: Uint8Array, i: number): bigint {
  return BigInt((b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0);
}

/** xxHash64 with seed 0. */
export function xxhash64(b: Uint8Array): bigint {
  const n = b.length;
  let i = 0;
  let h: bigint;
  if (n >= 32) {
    let v1 = (P1 + P2) & MASK;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (0n - P1) & MASK;
    for (; i + 32 <= n; i += 32) {
      v1 = round(v1, readU64(b, i));
      v2 = round(v2, readU64(b, i + 8));
      v3 = round(v3, readU64(b, i + 16));
      v4 = round(v4, readU64(b, i + 24));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK;
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else {
    h = P5;
  }
  h = (h + BigInt(n)) & MASK;
  for (; i + 8 <= n; i += 8) {
    h ^= round(0n, readU64(b, i));
    h = (rotl(h, 27n) * P1 + P4) & MASK;
  }
  if (i + 4 <= n) {
    h ^= (readU32(b, i) * P1) & MASK;
    h = (rotl(h, 23n) * P2 + P3) & MASK;
    i += 4;
  }
  for (; i < n; i++) {
    h ^= (BigInt(b[i]!) * P5) & MASK;
    h = (rotl(h, 11n) * P1) & MASK;
  }
  h ^= h >> 33n;
  h = (h * P2) & MASK;
  h ^= h >> 29n;
  h = (h * P3) & MASK;
  h ^= h >> 32n;
  return h;
}

const encoder = new TextEncoder();

export function labelsHash(ls: Labels): bigint {
  const parts: number[] = [];
  for (const l of ls) {
    parts.push(...encoder.encode(l.name), 0xff, ...encoder.encode(l.value), 0xff);
  }
  return xxhash64(Uint8Array.from(parts));
}

export function limitRatioKeeps(ratio: number, ls: Labels): boolean {
  const offset = Number(labelsHash(ls)) / 2 ** 64;
  return (ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1 + ratio);
}
