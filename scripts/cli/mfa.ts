/**
 * Profiles with `mfa_serial` need a code from the MFA device before the SDK can assume their role
 * (AWS CLI user guide, "Using MFA with a profile"; without a code provider the SDK throws "Profile X
 * requires multi-factor authentication, but no MFA code callback was provided"). The code is asked for
 * on the terminal, once per device and run; without a terminal the run stops with what to do.
 */
import { usageError } from '../errors';
import type { Io } from './io';

const SIX_DIGITS = /^\d{6}$/;

export function mfaCodeAsker(io: Io | undefined, forWhat: string): (mfaSerial: string) => Promise<string> {
  return async (mfaSerial) => {
    if (!io?.ask) {
      throw usageError(
        'mfa-needs-terminal',
        `the credentials for the ${forWhat} use a profile with an MFA device (${mfaSerial}), and no terminal can answer the code prompt. Run xacct in a terminal, or give it credentials that need no code (for example a profile with keys from \`aws sts get-session-token --serial-number ${mfaSerial} --token-code <code>\`).`,
      );
    }
    const code = (await io.ask(`MFA code for ${mfaSerial} (${forWhat}): `)).trim();
    if (!SIX_DIGITS.test(code)) throw usageError('mfa-code-invalid', `the MFA code for ${mfaSerial} must be 6 digits; got ${JSON.stringify(code)}. Nothing was changed.`);
    return code;
  };
}
