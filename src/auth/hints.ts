// What to do about an Account API refusal: the scope the route checks and the login that
// adds it, or the verification record it wants. Logto's own message says neither.
import { CliError } from '../errors';
import { scopesFor } from './scopes';
import type { Session } from './session';
import { userLoginFlag } from './tokens';

interface LogtoError {
  status?: number;
  code?: string;
  data?: { code?: unknown };
}

function advice(session: Session, method: string, path: string, body: unknown, error: LogtoError): string | undefined {
  if (!/^\/api\/my-account([/?]|$)/.test(path)) return undefined;
  const refused = (error.status === 401 && error.code === 'auth.unauthorized') || (error.status === 403 && error.code === 'auth.forbidden');
  if (error.status === 401 && error.code === 'verification_record.permission_denied') {
    return 'the verification record is missing, expired or not yours: run logto auth verify --password-stdin, or pass --verification-id ID';
  }
  if (!refused) return undefined;
  // A token Logto could not verify comes with the reason in data.code; a missing scope comes without.
  if (typeof error.data?.code === 'string') return `the user token was refused: sign in again with ${session.loginCommand(userLoginFlag(session))}`;
  // Name only what the sign-in lacks, when the profile knows what was granted.
  const granted = new Set((session.staticToken ? '' : (session.profile.scope ?? '')).split(' ').filter(Boolean));
  const all = scopesFor(method, path, body);
  const missing = all.filter((scope) => !granted.has(scope));
  const scopes = missing.length > 0 ? missing : all;
  const needed = scopes.length > 0 ? `this call needs the scope ${scopes.join(' and ')}` : 'the user token lacks a scope this call needs';
  if (session.staticToken) return `${needed}, and the token from --token or LOGTO_API_KEY was issued without it`;
  if (session.profile.method === 'token') return `${needed}: store a token that has it with ${session.loginCommand('--with-token')}`;
  const add = scopes.length > 0 ? ` --add-scope "${scopes.join(' ')}"` : '';
  return `${needed}: sign in again with ${session.loginCommand(`${userLoginFlag(session)}${add}`)}`;
}

/** The server's error with advice appended, when there is advice to give. */
export function explainAccountError(error: CliError, session: Session, method: string, path: string, body: unknown): CliError {
  const hint = advice(session, method, path, body, (error.detail ?? {}) as LogtoError);
  return hint ? new CliError(`${error.message}; ${hint}`, error.exitCode, error.detail) : error;
}
