import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness.js';
import { openApiPath, routeTable } from '../routes.js';

type Operation = {
  tags?: string[];
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> };
  responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>;
};
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Doc;
  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(() => t.close());

  it('is public OpenAPI 3', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'cookie']);
  });

  it('lists every API route of the app with its methods, and nothing else', () => {
    const fromApp = routeTable(t.app)
      .filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD')
      // The document does not describe itself.
      .filter((r) => r.url !== '/api/v1/openapi.json')
      // OpenAPI 3 has no words for a WebSocket (@fastify/websocket hides it); API.md describes the stream.
      .filter((r) => r.url !== '/api/v1/stream')
      .map((r) => `${r.method} ${openApiPath(r.url)}`)
      .sort();
    const fromDoc = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(fromApp.length).toBeGreaterThan(25);
    expect(fromDoc).toEqual(fromApp);
  });

  it('documents path parameters, request bodies and responses from the route schemas', () => {
    for (const [p, ops] of Object.entries(doc.paths)) {
      const params = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${p}`;
        expect(op.tags?.length, where).toBeGreaterThan(0);
        expect(Object.keys(op.responses).length, where).toBeGreaterThan(0);
        const documented = (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name);
        expect(documented.sort(), where).toEqual([...params].sort());
      }
    }
    const create = doc.paths['/api/v1/users'].post.requestBody!.content['application/json'].schema;
    expect(create.properties).toHaveProperty('email');
    expect(create.required).toEqual(expect.arrayContaining(['email', 'name']));
    const update = doc.paths['/api/v1/users/{id}'].patch.requestBody!.content['application/json'].schema;
    expect(Object.keys(update.properties ?? {})).toEqual(expect.arrayContaining(['name', 'handle', 'skills', 'experience', 'managerId']));
    const profile = doc.paths['/api/v1/users/{id}'].get.responses['200'].content!['application/json'].schema;
    expect(profile.properties).toHaveProperty('user');
  });
});
