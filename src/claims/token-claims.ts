// `test token`: a fresh token for the profile (the M2M app or the signed-in user), its
// claims, and an optional JMESPath expectation on them.
import { freshGrant } from '../auth/tokens';
import type { Session } from '../auth/session';
import { signedIn, type Side } from '../config/config';
import { CliError, ExitCode } from '../errors';
import { decodeClaims } from './jwt';

/** The side a token is for: --m2m asks for the M2M app's; otherwise the signed-in user's, or the M2M app's on a profile without one. */
export const sideFor = (session: Session, m2m: boolean): Side => (m2m || !signedIn(session.profile, 'user') ? 'm2m' : 'user');

export async function claimsOfProfile(session: Session, options: { side: Side; resource?: string; scope?: string }): Promise<Record<string, unknown>> {
  const tokens = await freshGrant(session, options);
  // A user's access token without a resource is opaque; its ID token carries the user's claims.
  if (options.side === 'user' && !options.resource) {
    if (!tokens.id_token) throw new CliError('the token response has no ID token (does the profile sign in with the openid scope?)', ExitCode.server);
    return decodeClaims(tokens.id_token, 'the ID token');
  }
  return decodeClaims(tokens.access_token, `the access token${options.resource ? ` for ${options.resource}` : ''}`);
}
