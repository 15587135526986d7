/** A multipart/form-data body as a browser sends it, made by the platform's own FormData. */
export async function multipart(parts: { field?: string; data: Buffer; filename?: string; type?: string }[]) {
  const form = new FormData();
  for (const p of parts) form.append(p.field ?? 'file', new Blob([new Uint8Array(p.data)], { type: p.type ?? 'application/octet-stream' }), p.filename ?? 'upload');
  const res = new Response(form);
  return { payload: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}
