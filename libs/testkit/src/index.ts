export { provisionInfrastructure, DEFAULT_FERRET_BACKEND, type Infrastructure, type ProvisionOptions } from './infrastructure.js';
export { ensureFerretDb, startFerretDb, FERRETDB_VERSION, toolCacheDir, type FerretBackend } from './ferretdb.js';
export { isolate, removeNamespace, uniqueNamespace, type InfraUrls, type Isolated } from './isolation.js';
export { freePort, isListening, waitForPort } from './ports.js';
export { startProcess, runCommand, which, type ManagedProcess } from './processes.js';
export { dockerEngineAnswers } from './docker.js';
export { jsonBody } from './json-body.js';
export { generateOrgTree, type GeneratedOrg, type OrgTreeOptions } from './org-tree.js';
