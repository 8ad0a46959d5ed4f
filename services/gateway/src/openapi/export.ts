// What the gateway offers other workspaces (the portal's generated client): the OpenAPI document of
// the public API as /openapi.json serves it, built from the routing table without a server.
import { routeTable } from '../route-table.js';
import { openApiDocument } from './document.js';

export const publicApiDocument = () => openApiDocument(routeTable);
// The views the gateway composes itself, for tests that check its answers against the document.
export { meView, memberDetailView, orgOverviewView } from './composed-views.js';
