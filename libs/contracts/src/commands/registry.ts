import type { CommandContract } from './define.js';
import { memberLocateV1 } from './member-locate.v1.js';
import { membersBatchCreateV1 } from './members-batch-create.v1.js';
import { registrationCodeCheckV1, registrationCodeRedeemV1 } from './registration-code-redeem.v1.js';

/** Every request/reply command between services. */
export const commandContracts = [
  registrationCodeRedeemV1,
  registrationCodeCheckV1,
  membersBatchCreateV1,
  memberLocateV1,
] as const satisfies readonly CommandContract[];
