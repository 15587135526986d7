import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { framedOnce, textFrame } from '../../src/realtime/ws-frame.js';

// ws's own framing, the reference (server frames: unmasked).
const { Sender } = createRequire(import.meta.url)('ws') as {
  Sender: { frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] };
};

describe('textFrame', () => {
  it.each([0, 1, 125, 126, 127, 65_535, 65_536, 200_000])('frames %i bytes exactly as ws does', (n) => {
    const payload = Buffer.alloc(n, 'a');
    const expected = Buffer.concat(Sender.frame(payload, { fin: true, opcode: 1, mask: false, readOnly: true, rsv1: false }));
    expect(textFrame(payload).equals(expected)).toBe(true);
  });

  it('frames a shared payload once', () => {
    const payload = Buffer.from('{"type":"x"}');
    expect(framedOnce(payload)).toBe(framedOnce(payload));
  });
});
