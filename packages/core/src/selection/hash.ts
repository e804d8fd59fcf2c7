// 32-bit hashing for the ring: FNV-1a over UTF-16 code units, finished with murmur3's
// fmix32 so nearby keys ("user-1", "user-2") land far apart.

export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    h ^= text.charCodeAt(index);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** The position of a target's `replica`-th point: depends only on its id, so rebuilds keep it. */
export function pointHash(idHash: number, replica: number): number {
  return fmix32((idHash ^ Math.imul(replica + 1, 0x9e3779b1)) >>> 0);
}
