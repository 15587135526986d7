/**
 * A whole server-to-client WebSocket text frame (RFC 6455 §5.2: FIN, opcode 1, unmasked), built
 * once for an event that goes to many sockets and written to each as it is: `ws` would frame the
 * payload anew and issue two writes for every socket.
 */
export function textFrame(payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const out = Buffer.allocUnsafe(head + n);
  out[0] = 0x81;
  if (n < 126) out[1] = n;
  else if (n < 65_536) {
    out[1] = 126;
    out.writeUInt16BE(n, 2);
  } else {
    out[1] = 127;
    out.writeBigUInt64BE(BigInt(n), 2);
  }
  payload.copy(out, head);
  return out;
}

/** The frames of payloads still in use (a fan-out's payload is one Buffer shared by every socket). */
const framed = new WeakMap<Buffer, Buffer>();

export function framedOnce(payload: Buffer): Buffer {
  let f = framed.get(payload);
  if (!f) framed.set(payload, (f = textFrame(payload)));
  return f;
}
