// Sensitive my-account operations need a `logto-verification-id` header: a verification
// record proving the user just re-entered their password.
import { CliError, ExitCode } from '../errors';
import { send, serverError } from '../request/send';
import type { Session } from './session';
import { bearerToken } from './tokens';

export const VERIFICATION_HEADER = 'logto-verification-id';

export interface VerificationRecord {
  verificationRecordId: string;
  expiresAt: string;
}

/** With no password given, asks on a terminal; elsewhere fails with what to do instead. */
export async function obtainVerification(session: Session, password?: string): Promise<VerificationRecord> {
  const { io } = session.transport;
  if (password === undefined) {
    if (!io.stdinIsTTY) {
      throw new CliError('this needs a verification record: pass --verification-id ID (from: logto auth verify --password-stdin)', ExitCode.credentials);
    }
    const { password: ask } = await import('@inquirer/prompts');
    password = await ask({ message: 'Password (to verify it is you)', mask: '*' });
  }
  const endpoint = session.endpoint();
  const token = await bearerToken(session, 'account');
  const response = await send(
    {
      method: 'POST',
      origin: endpoint.origin,
      path: `${endpoint.pathname.replace(/\/+$/, '')}/api/verifications/password`,
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ password }),
    },
    { ...session.transport, acceptErrors: true },
  );
  if (response.status >= 400) throw serverError(response.status, response.data);
  return response.data as VerificationRecord;
}
