import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifArgs, oclifFlags, type FlagValues } from '../../src/cli/flags';
import { LOGIN_METHODS, profileName, updateProfile } from '../../src/config/config';
import { parseEndpoint, tenantEndpoint } from '../../src/auth/credentials';
import { usageError } from '../../src/errors';
import { PROFILE_FLAG, profileKey } from './shared';

export default class ConfigSetCommand extends BuiltinCommand {
  static summary = 'Change one setting of the profile';

  static flags = oclifFlags(PROFILE_FLAG);

  static args = oclifArgs(['key', 'value']);

  static examples = ['logto config set endpoint https://auth.example.com', 'logto config set client-id abc123 --profile ci'];

  async execute(values: FlagValues, [key, value]: string[], context: CommandContext): Promise<void> {
    const name = profileName(values.profile as string | undefined, context.env);
    const setting = profileKey(key);
    if (setting === 'endpoint') parseEndpoint(value, 'endpoint');
    if (setting === 'tenant') tenantEndpoint(value, 'tenant');
    if (setting === 'method' && !(LOGIN_METHODS as readonly string[]).includes(value)) throw usageError(`method must be one of ${LOGIN_METHODS.join(', ')}`);
    if (setting === 'storage' && value !== 'keychain' && value !== 'file') throw usageError('storage must be keychain or file');
    updateProfile(context.env, name, (profile) => ({ ...profile, [setting]: value }));
  }
}
