import { randomBytes } from 'node:crypto';

// Crockford base32, as ULID uses: ids sort by creation time as plain strings, in both dialects.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastTime = 0;
let lastRandom: number[] = [];

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

/**
 * A ULID: 48 bits of milliseconds, 80 random bits. Within one millisecond the random part
 * is incremented, so ids made by one process are strictly increasing (keyset paging relies on it).
 */
export function newId(now: number = Date.now()): string {
  if (now <= lastTime) {
    now = lastTime;
    let i = lastRandom.length - 1;
    while (i >= 0 && lastRandom[i] === 31) lastRandom[i--] = 0;
    if (i < 0) {
      lastTime = now + 1;
      return newId(lastTime);
    }
    lastRandom[i]++;
  } else {
    lastTime = now;
    const bytes = randomBytes(16);
    lastRandom = Array.from({ length: 16 }, (_, k) => bytes[k] % 32);
    lastRandom[0] &= 0x7; // headroom so increments rarely overflow
  }
  return encodeTime(now) + lastRandom.map((d) => ALPHABET[d]).join('');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
