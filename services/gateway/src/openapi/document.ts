import { z } from 'zod';
import type { ProxyRoute } from '../route-table.js';
import { memberDetailView, meView, orgOverviewView } from './composed-views.js';
import { operations } from './operations.js';

type Json = Record<string, unknown>;

const problem = {
  description: 'problem+json (RFC 9457) with a stable `code`; Chinese by default, English on `Accept-Language: en`',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Json =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;

/**
 * The OpenAPI 3.1 document of the public API: the routing table's routes, described by
 * `operations` with the same zod schemas the services validate with.
 */
export function openApiDocument(routes: readonly ProxyRoute[]): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = `/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`;
    const parameters = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    for (const method of route.methods) {
      const doc = operations[`${method} ${route.path}`];
      // Every route of the real table has its entry (a test holds them together).
      if (!doc) continue;
      const query = doc.query
        ? (jsonSchema(doc.query, 'input') as { properties?: Record<string, Json>; required?: string[] })
        : null;
      const status = String(doc.status ?? 200);
      const success = doc.events
        ? { description: doc.events, content: { 'text/event-stream': { schema: { type: 'string' } } } }
        : doc.file
          ? { description: 'a file', content: { [doc.file]: { schema: { type: 'string', format: 'binary' } } } }
          : doc.response
            ? { description: 'OK', content: { 'application/json': { schema: jsonSchema(doc.response, 'output') } } }
            : { description: 'OK' };
      (paths[path] ??= {})[method.toLowerCase()] = {
        tags: [doc.tag],
        summary: doc.summary,
        operationId: `${method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+(\w)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
        ...(route.public ? { security: [] } : {}),
        parameters: [
          ...parameters,
          ...Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
            name,
            in: 'query',
            required: query?.required?.includes(name) ?? false,
            schema,
          })),
        ],
        ...(doc.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } } } }
          : {}),
        ...(doc.upload
          ? {
              requestBody: {
                required: true,
                content: {
                  'multipart/form-data': {
                    schema: {
                      type: 'object',
                      required: [doc.upload],
                      properties: { [doc.upload]: { type: 'string', format: 'binary' } },
                    },
                  },
                },
              },
            }
          : {}),
        responses: {
          [status]: success,
          ...Object.fromEntries(
            Object.entries(doc.otherResponses ?? {}).map(([code, { description, schema }]) => [
              code,
              { description, content: { 'application/json': { schema: jsonSchema(schema, 'output') } } },
            ]),
          ),
          '4XX': problem,
          '5XX': problem,
        },
      };
    }
  }
  // Composed by the gateway itself (src/compose), not proxied.
  const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const composed = (
    operationId: string,
    summary: string,
    description: string,
    parameters: Json[] = [],
    response?: z.ZodType,
  ) => ({
    get: {
      tags: ['composed'],
      summary,
      description,
      operationId,
      parameters,
      responses: {
        '200': response
          ? { description: 'OK', content: { 'application/json': { schema: jsonSchema(response, 'output') } } }
          : { description: 'OK' },
        '4XX': problem,
        '5XX': problem,
      },
    },
  });
  paths['/api/v1/me'] = composed(
    'getMe',
    '我的信息与待办 / who I am and what waits for me',
    'The account (identity), member record (membership), branch path and administered orgs (organization) and to-do counts, fetched in parallel; a part whose service fails is null and `partial` is true.',
    [],
    meView,
  );
  paths['/api/v1/members/{id}'] = {
    ...paths['/api/v1/members/{id}'],
    ...composed(
      'getMembersId',
      '团员详情（含所在团支部及路径）/ a member, with the branch and its path',
      "membership's member view (full ID number and phone for those with authority, masked otherwise) plus `branch` and `branchPath` from organization; `partial` when the path could not be had.",
      [idParameter],
      memberDetailView,
    ),
  };
  paths['/api/v1/orgs/{id}/overview'] = composed(
    'getOrgsIdOverview',
    '组织首页 / an admin’s home page for an org',
    'The org, its children and members counted, and what waits: change requests, open transfers, running imports. Counts are `{ count, more }` over the first 200.',
    [idParameter],
    orgOverviewView,
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'zhtj — 智慧团建 API',
      version: '1',
      description:
        'The one public API. Every route needs `Authorization: Bearer <access token>` unless it says otherwise; answers carry RateLimit headers.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: ['composed', 'identity', 'organization', 'membership', 'transfer', 'import', 'notification', 'statistics'].map(
      (name) => ({ name }),
    ),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string', description: 'stable: clients branch on it, never on the text' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
}
