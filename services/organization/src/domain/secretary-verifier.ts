import type { ErrorCode } from '@zhtj/contracts';
import { isPlausibleName, parseIdNumber } from '@zhtj/id-number';

export interface SecretaryCandidate {
  name: string;
  idNumber: string;
}

/** Why a candidate failed: which field, under which code. */
export interface VerificationProblem {
  path: 'name' | 'idNumber';
  code: ErrorCode;
}

/**
 * Checks a secretary before they are recorded. The default checks form only; a deployment that
 * has a real-name service plugs in its own implementation.
 */
export interface SecretaryVerifier {
  verify(candidate: SecretaryCandidate): Promise<{ ok: true } | { ok: false; problems: VerificationProblem[] }>;
}

/** The default verifier: the ID number is valid (libs/id-number) and the name has a plausible form. */
export const formSecretaryVerifier: SecretaryVerifier = {
  async verify({ name, idNumber }) {
    const problems: VerificationProblem[] = [];
    if (!isPlausibleName(name)) problems.push({ path: 'name', code: 'PERSON_NAME_INVALID' });
    const id = parseIdNumber(idNumber);
    if (!id.ok)
      problems.push({ path: 'idNumber', code: id.problem === 'LEGACY_15_DIGITS' ? 'ID_NUMBER_LEGACY' : 'ID_NUMBER_INVALID' });
    return problems.length === 0 ? { ok: true } : { ok: false, problems };
  },
};
