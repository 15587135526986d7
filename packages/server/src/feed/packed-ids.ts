/** A post id's length: ids are ULIDs (lib/ids.ts), 26 ASCII characters that sort as strings. */
const WIDTH = 26;
const ULID = /^[0-9A-Z]{26}$/;

/**
 * A timeline's post ids in ascending order, packed into one byte array: 26 bytes an id instead of
 * a string (40 bytes and one more object for the garbage collector to mark) and a slot in an array
 * of pointers. 10,000 timelines of 200 ids were 2,000,000 strings; now they are 10,000 buffers
 * outside the heap.
 */
/** Every post id is made by lib/ids.ts; an id of another shape would not fit, nor sort, here. */
function checked(id: string): string {
  if (!ULID.test(id)) throw new Error(`not a post id (a ULID): ${JSON.stringify(id)}`);
  return id;
}

export class PackedIds {
  private bytes: Buffer;
  private n = 0;

  constructor(ascending: readonly string[] = [], room = 0) {
    this.bytes = Buffer.allocUnsafeSlow(Math.max(ascending.length + room, 8) * WIDTH);
    for (const id of ascending) this.write(this.n++, id);
  }

  get length() {
    return this.n;
  }

  at(i: number): string {
    return this.bytes.toString('latin1', i * WIDTH, (i + 1) * WIDTH);
  }

  /** The ids from `from` to `end` (exclusive), ascending. */
  slice(from: number, end: number): string[] {
    const out: string[] = [];
    for (let i = from; i < end; i++) out.push(this.at(i));
    return out;
  }

  /** The index of the first id not below `id` (this.length when all are below). */
  lowerBound(id: string): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.compareAt(mid, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** True when the id at `i` is `id`. */
  isAt(i: number, id: string): boolean {
    return i < this.n && this.compareAt(i, id) === 0;
  }

  insertAt(i: number, id: string) {
    checked(id); // before anything moves
    if ((this.n + 1) * WIDTH > this.bytes.length) {
      const grown = Buffer.allocUnsafeSlow(Math.ceil(this.n * 1.5 + 8) * WIDTH);
      this.bytes.copy(grown, 0, 0, this.n * WIDTH);
      this.bytes = grown;
    }
    if (i < this.n) this.bytes.copy(this.bytes, (i + 1) * WIDTH, i * WIDTH, this.n * WIDTH);
    this.write(i, id);
    this.n++;
  }

  removeAt(i: number) {
    this.bytes.copy(this.bytes, i * WIDTH, (i + 1) * WIDTH, this.n * WIDTH);
    this.n--;
  }

  /** Drop the `k` lowest ids and answer them. */
  dropLowest(k: number): string[] {
    const dropped = this.slice(0, k);
    this.bytes.copy(this.bytes, 0, k * WIDTH, this.n * WIDTH);
    this.n -= k;
    return dropped;
  }

  private write(i: number, id: string) {
    this.bytes.write(checked(id), i * WIDTH, WIDTH, 'latin1');
  }

  /** As `<` compares strings (a cursor may be any string a client sent). */
  private compareAt(i: number, id: string): number {
    const at = i * WIDTH;
    const n = Math.min(WIDTH, id.length);
    for (let k = 0; k < n; k++) {
      const d = this.bytes[at + k] - id.charCodeAt(k);
      if (d !== 0) return d;
    }
    return WIDTH - id.length;
  }
}
