import type { paths } from './schema';

/** The answer of a GET route (its 200 JSON), named once so pages can say what they hold. */
type Answer<P extends keyof paths, M extends 'get' | 'post' | 'patch' | 'put', S extends number = 200> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type Org = Answer<'/api/v1/orgs/{id}', 'get'>;
export type OrgType = Org['type'];
export type OrgChangeRequest = Answer<'/api/v1/orgs/{id}/change-requests', 'get'>['items'][number];
export type RegistrationCodeState = Answer<'/api/v1/orgs/{id}/registration-codes', 'get'>['items'][number];
export type GeneratedCode = Answer<'/api/v1/orgs/{id}/registration-codes', 'post', 201>['items'][number];
export type OrgSearchItem = Answer<'/api/v1/org-search', 'get'>['items'][number];
export type Cadre = Answer<'/api/v1/orgs/{id}/cadres', 'get'>['items'][number];
export type MemberChangeRequest = Answer<'/api/v1/orgs/{id}/member-change-requests', 'get'>['items'][number];
/** The 202 of an upload (sent by XHR for its progress, so typed here rather than by openapi-fetch). */
export type ImportAccepted = Answer<'/api/v1/orgs/{id}/imports', 'post', 202>;
export type Transfer = Answer<'/api/v1/transfers/{id}', 'get'>;
export type Me = Answer<'/api/v1/me', 'get'>;
export type OrgStatistics = Answer<'/api/v1/orgs/{id}/statistics', 'get'>;
export type PasswordResetCode = Answer<'/api/v1/members/{id}/password-reset-code', 'post', 201>;
