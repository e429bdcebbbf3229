import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { startInteraction } from '../../src/auth/experience';
import { interactionStore } from '../../src/auth/tokens';
import { CONNECTION_FLAGS, requireString, sessionFor } from '../../src/cli/builtin-flags';
import { chooseFormat, printData } from '../../src/output/format';

export default class ExperienceStartCommand extends BuiltinCommand {
  static summary = 'Start a sign-in or registration interaction';

  static description = [
    'Keeps the interaction cookies, PKCE verifier and state in the profile\'s secret store; the',
    'generated experience commands then send and update them, and logto experience finish ends it.',
  ].join('\n');

  static flags = oclifFlags([
    { name: 'client-id', kind: 'string', value: 'ID', description: '(required) The application id' },
    { name: 'redirect-uri', kind: 'string', value: 'URI', description: '(required) A redirect URI registered for the app' },
    { name: 'scope', kind: 'string', value: 'SCOPES', description: 'Scopes (default: openid offline_access profile)' },
    { name: 'prompt', kind: 'string', value: 'PROMPT', description: 'OIDC prompt, e.g. login or consent (consent yields a refresh token)' },
    ...CONNECTION_FLAGS,
  ]);

  static examples = [
    'logto experience start --client-id native_app --redirect-uri io.example://callback --prompt consent',
    `logto experience init-new-interaction -f interactionEvent=SignIn`,
    `logto experience create-password-verification-record -F 'identifier={"type":"username","value":"alice"}' -f password="$PASSWORD"`,
    'logto experience identify-user-current-interaction -f verificationId=...',
    'logto experience submit-interaction && logto experience finish',
  ];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const session = sessionFor(values, context);
    const clientId = requireString(values, 'client-id');
    const redirectUri = requireString(values, 'redirect-uri');
    const { interaction, location } = await startInteraction(
      session.endpoint(),
      { clientId, redirectUri, scope: values.scope as string | undefined, prompt: values.prompt as string | undefined },
      session.transport,
    );
    await (await interactionStore(session)).save(interaction);
    await printData({ started: true, profile: session.profileName, clientId, redirectUri, signInPage: location }, chooseFormat(values.output as string | undefined, context.io), context.io);
  }
}
