import type { Model } from 'mongoose';
import { serve, type Bus, type CommandServer } from '@zhtj/bus';
import { registrationCodeCheckV1, registrationCodeRedeemV1 } from '@zhtj/contracts';
import type { OrgDocument } from '../store/org.model.js';
import type { RegistrationCodeDocument } from '../store/registration-code.model.js';
import { checkRegistrationCode, redeemRegistrationCode } from '../usecases/redeem-registration-code.js';

/** Every command organization answers. */
export function serveCommands(
  bus: Bus,
  deps: { orgs: Model<OrgDocument>; codes: Model<RegistrationCodeDocument> },
): CommandServer[] {
  return [
    serve(bus, registrationCodeRedeemV1, (request) => redeemRegistrationCode(deps, request)),
    serve(bus, registrationCodeCheckV1, (request) => checkRegistrationCode(deps, request)),
  ];
}
