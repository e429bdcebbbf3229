// The claims of a JWT, decoded and not verified: the token comes straight from the
// token endpoint over the profile's connection, and what is checked is what the server
// put in it (a JWT customizer's output, role → scope wiring), not who signed it.
import { CliError, ExitCode } from '../errors';

export function decodeClaims(token: string, what: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw new CliError(`${what} is opaque (not a JWT), so it has no claims to show: pass --resource for a JWT access token`, ExitCode.usage);
  }
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new Error('not an object');
    return claims as Record<string, unknown>;
  } catch {
    throw new CliError(`${what} is not a valid JWT: its payload is not a JSON object`, ExitCode.server);
  }
}

/** JMESPath's own truth: false, null, "", [] and {} are false; everything else is true. */
export function truthy(value: unknown): boolean {
  if (value === false || value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
