import type { CommandContract } from './define.js';
import { registrationCodeRedeemV1 } from './registration-code-redeem.v1.js';

/** Every request/reply command between services. */
export const commandContracts = [registrationCodeRedeemV1] as const satisfies readonly CommandContract[];
