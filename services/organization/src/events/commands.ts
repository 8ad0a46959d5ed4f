import { serve, type Bus, type CommandServer } from '@zhtj/bus';
import { registrationCodeCheckV1, registrationCodeRedeemV1 } from '@zhtj/contracts';
import type { OrgRepository } from '../store/org.repository.js';
import type { RegistrationCodeRepository } from '../store/registration-code.repository.js';
import { checkRegistrationCode, redeemRegistrationCode } from '../usecases/redeem-registration-code.js';

/** Every command organization answers. */
export function serveCommands(bus: Bus, deps: { orgs: OrgRepository; codes: RegistrationCodeRepository }): CommandServer[] {
  return [
    serve(bus, registrationCodeRedeemV1, (request) => redeemRegistrationCode(deps, request)),
    serve(bus, registrationCodeCheckV1, (request) => checkRegistrationCode(deps, request)),
  ];
}
