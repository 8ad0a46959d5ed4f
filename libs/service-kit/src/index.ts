export * from './config.js';
export * from './logger.js';
export * from './health.js';
export * from './metrics.js';
export * from './redis.js';
export * from './telemetry.js';
export * from './run-service.js';
export { createHttpApp, metricsHandler, type AppEnv, type HttpAppOptions, type LargeBodyRoute } from './http/create-http-app.js';
export { readJson, readOptionalJson, readQuery } from './http/body.js';
export { idParam } from './http/params.js';
export { localeOf } from './http/locale.js';
export { problemResponse } from './http/problem-response.js';
export { fieldProblems } from './http/validation.js';
export { requestLogger } from './http/request-logger.js';
export { createTokenVerifier, type Caller, type TokenVerifier, type TokenVerifierOptions } from './auth/token-verifier.js';
export { requireAuth, type AuthEnv } from './auth/require-auth.js';
export { requireManage, requireView } from './auth/authorize.js';
export {
  redisTokenRevocations,
  serviceTokenVerifier,
  type RevocableToken,
  type TokenRevocations,
} from './auth/token-revocations.js';
export * from './periodic.js';
export * from './token-bucket.js';
// Which backing server an error says is down: libs/bus's, so consumers and HTTP answers agree.
export { unavailableDependency, type Dependency } from '@zhtj/bus';
export { clientAddressOf, clientAddressResolver, parseTrustedProxies, socketAddress } from './http/client-address.js';
export { neutralizeFormula } from './spreadsheet.js';
export { requestBudget, TIMEOUT_HEADER, type SheddingLimits } from './http/request-budget.js';
