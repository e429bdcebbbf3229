import { CONNECTION_FLAGS, outputFor, requireString, sessionFor } from '../../src/cli/builtin-flags';
import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifArgs, oclifFlags, type FlagValues } from '../../src/cli/flags';
import { usageError } from '../../src/errors';
import { printData } from '../../src/output/format';
import { createTestUser } from '../../src/throwaway-user/create';

export default class TestUserCommand extends BuiltinCommand {
  static summary = 'Create a user, sign it in headlessly and print its tokens (--ephemeral deletes it)';

  static description = [
    "Needs the profile's Management API credentials (an m2m sign-in) and a native app whose redirect URI is",
    'given. Prints the user and its access, ID and refresh tokens as JSON. The password is generated and not',
    'shown unless given with --password-stdin. A user whose sign-in fails is deleted again.',
  ].join('\n');

  static flags = oclifFlags([
    { name: 'client-id', kind: 'string', value: 'ID', description: '(required) Native app to sign in with' },
    { name: 'redirect-uri', kind: 'string', value: 'URI', description: '(required) A redirect URI registered for that app' },
    { name: 'username', kind: 'string', value: 'NAME', description: 'Username (default: test_ and random hex)' },
    { name: 'password-stdin', kind: 'boolean', description: 'Read the password from stdin (default: a random one)' },
    { name: 'roles', kind: 'string', value: 'A,B', description: 'User roles to assign, by name or id' },
    { name: 'scope', kind: 'string', value: 'SCOPES', description: 'Scopes to ask for (default: openid offline_access profile)' },
    { name: 'ephemeral', kind: 'boolean', description: 'Delete the user when the command ends' },
    ...CONNECTION_FLAGS,
  ]);

  static examples = [
    'logto test user --client-id native_app --redirect-uri io.example://callback --ephemeral',
    'logto test user --client-id native_app --redirect-uri io.example://callback --roles editor | jq -r .refresh_token',
  ];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const clientId = requireString(values, 'client-id');
    const redirectUri = requireString(values, 'redirect-uri');
    let password: string | undefined;
    if (values['password-stdin']) {
      password = (await context.io.readStdin()).replace(/\r?\n$/, '');
      if (!password) throw usageError('--password-stdin read nothing from stdin');
    }
    const roles = ((values.roles as string | undefined) ?? '').split(',').map((role) => role.trim()).filter(Boolean);
    // Tokens and claims are nested documents: JSON unless another format is asked for.
    const how = outputFor(values, context.io, 'json');
    const user = await createTestUser(sessionFor(values, context), context.io, {
      clientId,
      redirectUri,
      username: values.username as string | undefined,
      password,
      roles,
      scope: values.scope as string | undefined,
      ephemeral: values.ephemeral === true,
    });
    await printData(user, how, context.io);
  }
}
