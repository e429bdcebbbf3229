// Webhook events of Logto 1.42 (the enum of POST /api/hooks `events`; a test checks it
// against the server's OpenAPI document), for --events and --event.
import { usageError } from '../errors';
import { closest } from '../cli/suggest';

export const HOOK_EVENTS = [
  'PostRegister', 'PostSignIn', 'PostSignInAdaptiveMfaTriggered', 'PostResetPassword',
  'User.Created', 'User.Deleted', 'User.Data.Updated', 'User.SuspensionStatus.Updated',
  'Role.Created', 'Role.Deleted', 'Role.Data.Updated', 'Role.Scopes.Updated',
  'Scope.Created', 'Scope.Deleted', 'Scope.Data.Updated',
  'Organization.Created', 'Organization.Deleted', 'Organization.Data.Updated', 'Organization.Membership.Updated',
  'OrganizationRole.Created', 'OrganizationRole.Deleted', 'OrganizationRole.Data.Updated', 'OrganizationRole.Scopes.Updated',
  'OrganizationScope.Created', 'OrganizationScope.Deleted', 'OrganizationScope.Data.Updated',
  'Identifier.Lockout', 'Message.RateLimited', 'Grant.LimitExceeded',
];

/** `User.Created,PostSignIn` → the events, each checked; `all` → every event. */
export function parseEvents(raw: string | undefined, flag: string): string[] {
  if (!raw || raw.trim() === '') throw usageError(`missing required flag: --${flag} (e.g. --${flag} User.Created,PostSignIn, or all)`);
  if (raw.trim() === 'all') return [...HOOK_EVENTS];
  const events = [...new Set(raw.split(',').map((event) => event.trim()).filter(Boolean))];
  for (const event of events) {
    if (!HOOK_EVENTS.includes(event)) {
      const hint = closest(event, HOOK_EVENTS);
      throw usageError(`unknown event ${JSON.stringify(event)} for --${flag}${hint ? ` (did you mean ${hint}?)` : ''}`);
    }
  }
  return events;
}
