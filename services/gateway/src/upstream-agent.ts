import { Agent } from 'undici';

/**
 * Keep-alive connections from the gateway to the services, shared by the proxied routes and the
 * composed views: up to 128 to each service.
 */
export const upstreamAgent = new Agent({ connections: 128, keepAliveTimeout: 30_000 });
