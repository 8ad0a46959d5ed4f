/**
 * The gateway for other teams' tests and benchmarks (`@zhtj/gateway/testing`): the calls it makes
 * to each service (for the contract tests that replay them) and a gateway on stand-in upstreams.
 * Nothing else outside this service imports its src or its tests (the `zhtj/service-boundaries`
 * lint rule); it is resolved only under the `development` condition.
 */
export { upstreamCalls, type UpstreamCallName } from './src/compose/upstream-calls.js';
export { configSchema } from './src/config.js';
export { testEdge, testGateway } from './test/test-gateway.js';
