// Which Logto: --endpoint / --tenant, then LOGTO_ENDPOINT / LOGTO_TENANT_ID, then the profile.
import { usageError } from '../errors';
import { parseHttpUrl } from '../request/http-url';
import type { Profile } from '../config/config';

export interface ConnectionFlags {
  endpoint?: string;
  tenant?: string;
  token?: string;
}

export function parseEndpoint(raw: string, from: string): URL {
  const url = parseHttpUrl(raw, from);
  if (url.search || url.hash || url.username || url.password) throw usageError(`${from} must not carry credentials, a query or a fragment`);
  return url;
}

export function tenantEndpoint(tenant: string, from: string): URL {
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(tenant)) throw usageError(`${from} is not a valid tenant id: ${JSON.stringify(tenant)}`);
  return new URL(`https://${tenant.toLowerCase()}.logto.app`);
}

export function endpointFromFlags(flags: ConnectionFlags, env: NodeJS.ProcessEnv): URL | undefined {
  if (flags.endpoint) return parseEndpoint(flags.endpoint, '--endpoint');
  if (flags.tenant) return tenantEndpoint(flags.tenant, '--tenant');
  if (env.LOGTO_ENDPOINT) return parseEndpoint(env.LOGTO_ENDPOINT, 'LOGTO_ENDPOINT');
  if (env.LOGTO_TENANT_ID) return tenantEndpoint(env.LOGTO_TENANT_ID, 'LOGTO_TENANT_ID');
  return undefined;
}

export function endpointFromProfile(profile: Profile, name: string): URL | undefined {
  if (profile.endpoint) return parseEndpoint(profile.endpoint, `the endpoint of profile ${name}`);
  if (profile.tenant) return tenantEndpoint(profile.tenant, `the tenant of profile ${name}`);
  return undefined;
}

/** The Management API resource indicator: per tenant on Logto Cloud, fixed on a self-hosted Logto. */
export function managementResource(endpoint: URL, profile: Profile): string {
  if (profile.resource) return profile.resource;
  const cloud = /^([a-z0-9]+)\.logto\.app$/.exec(endpoint.hostname);
  return cloud ? `https://${cloud[1]}.logto.app/api` : 'https://default.logto.app/api';
}
