// Sensitive my-account operations need a `logto-verification-id` header: a verification
// record proving the user just re-entered their password. `logto auth verify` keeps the
// record in the profile's secret store until it expires, and operations use it by themselves.
import { CliError, ExitCode } from '../errors';
import type { InputRecord, OperationRecord } from '../catalog/record';
import { send, serverError } from '../request/send';
import type { Session } from './session';
import { bearerToken } from './tokens';

export const VERIFICATION_HEADER = 'logto-verification-id';
/** A record about to expire is not worth sending. */
const EXPIRY_MARGIN_MS = 15_000;

export interface VerificationRecord {
  verificationRecordId: string;
  expiresAt: string;
}

/** The header input of an operation that needs a verification record for this call, if any. */
/** The input that carries a verification record id, which a kept record can fill in. */
export const isVerificationHeader = (input: InputRecord) => input.in === 'header' && input.name === VERIFICATION_HEADER;

export function verificationInput(operation: OperationRecord, body: unknown) {
  const input = operation.inputs.find(isVerificationHeader);
  if (!input) return undefined;
  // PATCH /api/my-account needs one only to change the username (Logto's route code).
  const changesUsername = typeof body === 'object' && body !== null && (body as Record<string, unknown>).username !== undefined;
  return input.required || changesUsername ? input : undefined;
}

async function storedRecord(session: Session): Promise<string | undefined> {
  const raw = await session.getSecret('verification');
  if (!raw) return undefined;
  const record = JSON.parse(raw) as VerificationRecord;
  return Date.parse(record.expiresAt) - EXPIRY_MARGIN_MS > Date.now() ? record.verificationRecordId : undefined;
}

/** POST /api/verifications/password with the user's token. */
export async function createVerification(session: Session, password: string): Promise<VerificationRecord> {
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
  const record = response.data as VerificationRecord;
  await session.setSecret('verification', JSON.stringify(record));
  return record;
}

/** A kept record if one is still valid; else, on a terminal, asks for the password; in a script, says what to run. */
export async function verificationFor(session: Session): Promise<string> {
  const stored = await storedRecord(session);
  if (stored) return stored;
  const { io } = session.transport;
  if (!io.stdinIsTTY) {
    throw new CliError(
      'this operation needs a verification record: run logto auth verify --password-stdin first (the record is kept until it expires), or pass --verification-id ID',
      ExitCode.credentials,
    );
  }
  const { password } = await import('@inquirer/prompts');
  return (await createVerification(session, await password({ message: 'Password (to verify it is you)', mask: '*' }))).verificationRecordId;
}
