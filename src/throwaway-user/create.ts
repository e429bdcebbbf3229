// `test user`: a user made through the Management API and signed in headlessly through
// the Experience API with a native app (the same sign-in as `auth login --password`).
// Nothing is left behind by a failed run: a user whose sign-in fails is deleted again,
// and with `ephemeral` the user is deleted once the tokens are out.
import { randomBytes } from 'node:crypto';
import { passwordSignIn } from '../auth/login';
import type { TokenResponse } from '../auth/oidc';
import type { Session } from '../auth/session';
import { usageError } from '../errors';
import { callApi, listAll } from '../invoke/call';
import type { IO } from '../output/io';
import { encodePathValue } from '../request/build';

export interface TestUserOptions {
  clientId: string;
  redirectUri: string;
  username?: string;
  password?: string;
  /** Role names or ids. */
  roles: string[];
  scope?: string;
  ephemeral: boolean;
}

export interface TestUser extends TokenResponse {
  user: { id: string; username: string; roles: string[] };
  ephemeral: boolean;
}

interface Role {
  id: string;
  name: string;
  type?: string;
}

async function resolveRoles(session: Session, wanted: string[]): Promise<Role[]> {
  if (wanted.length === 0) return [];
  const roles = (await listAll(session, { path: '/api/roles' })).items as Role[];
  return wanted.map((name) => {
    const role = roles.find((one) => one.id === name) ?? roles.find((one) => one.name === name);
    if (!role) throw usageError(`no role named or with id ${JSON.stringify(name)}`);
    if (role.type && role.type !== 'User') throw usageError(`role ${JSON.stringify(name)} is a ${role.type} role, not a user role`);
    return role;
  });
}

/** Usernames must match Logto's /^[A-Z_a-z]\w*$/. */
export const generatedUsername = () => `test_${randomBytes(5).toString('hex')}`;
/** Long and mixed enough for Logto's default password policy. */
const generatedPassword = () => `${randomBytes(18).toString('base64url')}Aa1!`;

export async function createTestUser(session: Session, io: IO, options: TestUserOptions): Promise<TestUser> {
  const roles = await resolveRoles(session, options.roles);
  const username = options.username ?? generatedUsername();
  const password = options.password ?? generatedPassword();
  const created = (await callApi(session, { method: 'POST', path: '/api/users', body: { username, password, name: 'logto-cli test user' } })).data as { id: string };
  const userPath = `/api/users/${encodePathValue(created.id)}`;
  let keep = !options.ephemeral;
  try {
    if (roles.length > 0) await callApi(session, { method: 'POST', path: `${userPath}/roles`, body: { roleIds: roles.map((role) => role.id) } });
    const tokens = await passwordSignIn(session.endpoint(), { clientId: options.clientId, redirectUri: options.redirectUri, username, password, scope: options.scope }, session.transport);
    return { user: { id: created.id, username, roles: roles.map((role) => role.name) }, ephemeral: options.ephemeral, ...tokens };
  } catch (error) {
    keep = false;
    throw error;
  } finally {
    if (!keep) {
      try {
        await callApi(session, { method: 'DELETE', path: userPath });
        io.err(`Deleted ${options.ephemeral ? 'the ephemeral' : 'the'} test user ${username} (${created.id}).\n`);
      } catch (error) {
        io.err(`warning: could not delete test user ${username} (${created.id}): ${(error as Error).message}\n`);
      }
    }
  }
}
