// `hooks trigger`: Logto's own test delivery (POST /api/hooks/{id}/test) to the hook's
// configured URL, signed with its signing key. The test route takes the config to use,
// so it is read from the hook first.
import type { Session } from '../auth/session';
import { callApi } from '../invoke/call';
import { encodePathValue } from '../request/build';
import type { Hook } from './temporary-hook';

export async function triggerHook(session: Session, id: string, events: string[], signal?: AbortSignal): Promise<{ hookId: string; events: string[]; url: string; delivered: true }> {
  const path = `/api/hooks/${encodePathValue(id)}`;
  const hook = (await callApi(session, { method: 'GET', path }, signal)).data as Hook;
  await callApi(session, { method: 'POST', path: `${path}/test`, body: { events, config: hook.config } }, signal);
  return { hookId: id, events, url: hook.config.url, delivered: true };
}
