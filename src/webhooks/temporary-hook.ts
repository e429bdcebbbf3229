// The webhook `hooks listen` registers for itself: named so that it is recognisable,
// deleted on exit, and, when a listener died without deleting it (kill -9, a crash, a
// closed laptop), deleted by the next `hooks listen` once its listener no longer answers.
import { hostname } from 'node:os';
import type { Session } from '../auth/session';
import { CliError } from '../errors';
import { callApi, listAll } from '../invoke/call';
import { encodePathValue } from '../request/build';
import { send } from '../request/send';

export const NAME_PREFIX = 'logto-cli listen ';
const PROBE_TIMEOUT_MS = 2_000;

export interface Hook {
  id: string;
  name: string;
  events: string[];
  config: { url: string; headers?: Record<string, string> };
  signingKey: string;
  enabled: boolean;
}

/** `logto-cli listen 3f9c2a1b (temporary, host pid 4242)`: the instance id is what its listener answers to. */
export const hookName = (instance: string) => `${NAME_PREFIX}${instance} (temporary, ${hostname()} pid ${process.pid})`;
const instanceOf = (name: string) => name.slice(NAME_PREFIX.length).split(' ')[0];

export async function registerHook(session: Session, instance: string, url: string, events: string[]): Promise<Hook> {
  const response = await callApi(session, { method: 'POST', path: '/api/hooks', body: { name: hookName(instance), events, config: { url }, enabled: true } });
  return response.data as Hook;
}

export async function deleteHook(session: Session, id: string): Promise<void> {
  await callApi(session, { method: 'DELETE', path: `/api/hooks/${encodePathValue(id)}` });
}

async function listHooks(session: Session): Promise<Hook[]> {
  return (await listAll(session, { path: '/api/hooks' })).items as Hook[];
}

/** A live listener answers GET on its URL with its instance id; anything else means it is gone. */
async function listenerAlive(hook: Hook, session: Session): Promise<boolean> {
  try {
    const url = new URL(hook.config.url);
    const response = await send(
      { method: 'GET', origin: url.origin, path: `${url.pathname}${url.search}`, headers: { accept: 'application/json' } },
      { ...session.transport, verbose: false, timeoutMs: PROBE_TIMEOUT_MS, acceptErrors: true },
    );
    return (response.data as { logtoCliListener?: string } | undefined)?.logtoCliListener === instanceOf(hook.name);
  } catch {
    return false;
  }
}

/** Deletes the temporary hooks of listeners that are gone; returns their ids. */
export async function removeStaleHooks(session: Session): Promise<string[]> {
  const ours = (await listHooks(session)).filter((hook) => typeof hook.name === 'string' && hook.name.startsWith(NAME_PREFIX));
  const alive = await Promise.all(ours.map((hook) => listenerAlive(hook, session)));
  const stale = ours.filter((_, index) => !alive[index]);
  for (const hook of stale) {
    try {
      await deleteHook(session, hook.id);
    } catch (error) {
      // Another listener cleaning up at the same time got there first.
      if (!(error instanceof CliError && error.detail?.status === 404)) throw error;
    }
  }
  return stale.map((hook) => hook.id);
}
