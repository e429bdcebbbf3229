// The one seam for "which Logto, and with which token". Flags beat environment
// variables; the keychain-backed profiles plug in behind resolveToken.
import { CliError, ExitCode, usageError } from '../errors';
import type { OperationRecord } from '../spec/record';

export interface ConnectionFlags {
  endpoint?: string;
  tenant?: string;
  token?: string;
}

export interface Token {
  value: string;
  source: 'flag' | 'env';
}

function parseEndpoint(raw: string, from: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(`${from} is not a valid URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw usageError(`${from} must be an http(s) URL, got ${url.protocol}`);
  if (url.search || url.hash || url.username || url.password) throw usageError(`${from} must not carry credentials, a query or a fragment`);
  return url;
}

function tenantEndpoint(tenant: string, from: string): URL {
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(tenant)) throw usageError(`${from} is not a valid tenant id: ${JSON.stringify(tenant)}`);
  return new URL(`https://${tenant.toLowerCase()}.logto.app`);
}

export function resolveEndpoint(flags: ConnectionFlags, env: NodeJS.ProcessEnv): URL {
  if (flags.endpoint) return parseEndpoint(flags.endpoint, '--endpoint');
  if (flags.tenant) return tenantEndpoint(flags.tenant, '--tenant');
  if (env.LOGTO_ENDPOINT) return parseEndpoint(env.LOGTO_ENDPOINT, 'LOGTO_ENDPOINT');
  if (env.LOGTO_TENANT_ID) return tenantEndpoint(env.LOGTO_TENANT_ID, 'LOGTO_TENANT_ID');
  throw new CliError('no Logto endpoint configured: pass --endpoint URL or --tenant ID, or set LOGTO_ENDPOINT', ExitCode.credentials);
}

export async function resolveToken(operation: OperationRecord, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<Token | undefined> {
  if (flags.token) return { value: flags.token, source: 'flag' };
  if (env.LOGTO_API_KEY) return { value: env.LOGTO_API_KEY, source: 'env' };
  if (operation.auth === 'none') return undefined;
  throw new CliError('no credentials: pass --token TOKEN or set LOGTO_API_KEY', ExitCode.credentials);
}
