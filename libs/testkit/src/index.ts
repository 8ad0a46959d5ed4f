export { provisionInfrastructure, DEFAULT_FERRET_BACKEND, type Infrastructure, type ProvisionOptions } from './infrastructure.js';
export {
  ensureFerretDb,
  postgresSql,
  startFerretDb,
  FERRETDB_VERSION,
  type FerretBackend,
  type FerretBuild,
} from './ferretdb.js';
export { ensureGoTool, toolCacheDir, type GoTool } from './go-tools.js';
export { ensureKustomize, kustomizeBuild, KUSTOMIZE_VERSION } from './kustomize.js';
export { isolate, removeNamespace, uniqueNamespace, type InfraUrls, type Isolated } from './isolation.js';
export { freePort, isListening, waitForPort } from './ports.js';
export { startProcess, runCommand, which, type ManagedProcess } from './processes.js';
export { dockerEngineAnswers } from './docker.js';
export { jsonBody } from './json-body.js';
export { generateOrgTree, type GeneratedOrg, type OrgTreeOptions } from './org-tree.js';
export { eventually } from './eventually.js';
export { testSigner, type TestSigner } from './test-signer.js';
export { idNumberFor, nthIdNumber } from './id-numbers.js';
export { orgCreatedEvent, type TestOrg } from './test-orgs.js';
export { redactPersonalData } from './redact.js';
export { startNatsServer } from './nats-server.js';
export { startRedisServer } from './redis-server.js';
export { chromiumArgs, ensureChromium } from './system-packages.js';
