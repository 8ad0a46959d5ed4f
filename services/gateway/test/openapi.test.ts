import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../src/openapi/document.js';
import { operations } from '../src/openapi/operations.js';
import { routeTable } from '../src/route-table.js';
import { testGateway, upstreamsAt } from './test-gateway.js';

type Doc = { paths: Record<string, Record<string, Record<string, any>>> };

describe('the OpenAPI document', () => {
  it('describes every route of the routing table, and nothing else', () => {
    const routed = routeTable.flatMap((r) => r.methods.map((m) => `${m} ${r.path}`)).sort();
    expect(Object.keys(operations).sort()).toEqual(routed);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(structuredClone(openApiDocument(routeTable)) as never);
    expect(result.valid, JSON.stringify((result as { errors?: unknown }).errors)).toBe(true);
  });

  it('takes its bodies and parameters from the services’ schemas, and marks public routes', () => {
    const doc = openApiDocument(routeTable) as Doc;
    const createOrg = doc.paths['/api/v1/orgs']!.post!;
    expect(createOrg.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['name', 'type']));
    const members = doc.paths['/api/v1/orgs/{id}/members']!.get!;
    expect(members.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['path:id', 'query:limit', 'query:cursor']),
    );
    expect(doc.paths['/api/v1/auth/login']!.post!.security).toEqual([]);
    expect(doc.paths['/api/v1/orgs/{id}']!.get!.security).toBeUndefined();
    const upload = doc.paths['/api/v1/orgs/{id}/imports']!.post!;
    expect(Object.keys(upload.requestBody.content)).toEqual(['multipart/form-data']);
    expect(upload.responses['202']).toBeDefined();
  });

  it('is served at /openapi.json, with a page to try it at /docs', async () => {
    const app = testGateway({
      upstreams: upstreamsAt(''),
    });
    const json = await app.request('/openapi.json');
    expect(json.status).toBe(200);
    expect(((await json.json()) as { openapi: string }).openapi).toBe('3.1.0');
    const page = await app.request('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    // Everything the page loads comes from here: no CDN, no inline script.
    const html = await page.text();
    const loaded = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(loaded.sort()).toEqual(['/docs/init.js', '/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css']);
    expect(html).not.toMatch(/<script>[^<]/);
    for (const file of loaded) expect((await app.request(file)).status, file).toBe(200);
    expect(await (await app.request('/docs/init.js')).text()).toContain("url: '/openapi.json'");
    expect((await app.request('/docs/package.json')).status).toBe(404);
  });
});
