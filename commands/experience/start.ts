import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { startInteraction } from '../../src/auth/experience';
import { DEFAULT_USER_SCOPE } from '../../src/auth/scopes';
import { forExperience } from '../../src/auth/secret-store';
import { signedIn, updateProfile } from '../../src/config/config';
import { usageError } from '../../src/errors';
import { CONNECTION_FLAGS, outputFor, requireString, sessionFor, withOutputFlags } from '../../src/cli/builtin-flags';
import { printData } from '../../src/output/format';

export default class ExperienceStartCommand extends BuiltinCommand {
  static summary = 'Start a sign-in or registration interaction';

  static description = [
    'Keeps the interaction cookies, PKCE verifier and state in the profile\'s secret store; the',
    'generated experience commands then send and update them, and logto experience finish ends it.',
  ].join('\n');

  static flags = oclifFlags(withOutputFlags([
    { name: 'client-id', kind: 'string', value: 'ID', description: '(required) The application id' },
    { name: 'redirect-uri', kind: 'string', value: 'URI', description: '(required) A redirect URI registered for the app' },
    { name: 'scope', kind: 'string', value: 'SCOPES', description: `Scopes (default: ${DEFAULT_USER_SCOPE})` },
    { name: 'prompt', kind: 'string', value: 'PROMPT', description: 'OIDC prompt, e.g. login or consent (consent yields a refresh token)' },
    { name: 'insecure-storage', kind: 'boolean', description: 'Keep the cookie jar in a 0600 file instead of the OS keychain (for a profile with no keychain secrets)' },
    ...CONNECTION_FLAGS,
  ]));

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
    const insecure = values['insecure-storage'] === true;
    if (insecure && session.profile.storage !== 'file' && (signedIn(session.profile, 'm2m') || signedIn(session.profile, 'user'))) {
      throw usageError(`profile ${session.profileName} keeps its secrets in the OS keychain; use --insecure-storage with another --profile`);
    }
    if (insecure) context.io.err('warning: --insecure-storage keeps secrets in a plain 0600 file, not the OS keychain\n');
    try {
      await (await session.secrets(insecure ? 'file' : undefined)).set(session.secretAccount('experience'), JSON.stringify(interaction));
    } catch (error) {
      throw forExperience(error);
    }
    if (insecure && session.profile.storage !== 'file') await updateProfile(context.env, session.profileName, (profile) => ({ ...profile, storage: 'file' }));
    await printData({ started: true, profile: session.profileName, clientId, redirectUri, signInPage: location }, outputFor(values, context.io), context.io);
  }
}
