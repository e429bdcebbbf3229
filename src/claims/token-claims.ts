// `test token`: a fresh token for the profile (the M2M app or the signed-in user), its
// claims, and an optional JMESPath expectation on them.
import { freshGrant } from '../auth/tokens';
import type { Session } from '../auth/session';
import { CliError, ExitCode } from '../errors';
import { decodeClaims } from './jwt';

export async function claimsOfProfile(session: Session, options: { resource?: string; scope?: string }): Promise<Record<string, unknown>> {
  const tokens = await freshGrant(session, options);
  // A user's access token without a resource is opaque; its ID token carries the user's claims.
  const isUser = session.profile.method !== 'm2m';
  if (isUser && !options.resource) {
    if (!tokens.id_token) throw new CliError('the token response has no ID token (does the profile sign in with the openid scope?)', ExitCode.server);
    return decodeClaims(tokens.id_token, 'the ID token');
  }
  return decodeClaims(tokens.access_token, `the access token${options.resource ? ` for ${options.resource}` : ''}`);
}
