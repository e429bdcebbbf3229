import { profileName, updateProfile, USER_METHODS } from '../../src/config/config';
import { parseEndpoint, tenantEndpoint } from '../../src/auth/credentials';
import type { Command } from '../../src/cli/command';
import { usageError } from '../../src/errors';
import { PROFILE_FLAG, profileKey } from './shared';

export const command: Command = {
  flags: PROFILE_FLAG,
  args: ['key', 'value'],
  examples: ['logto config set endpoint https://auth.example.com', 'logto config set client-id abc123 --profile ci'],
  async run(values, [key, value], context) {
    const name = profileName(values.profile as string | undefined, context.env);
    const setting = profileKey(key);
    if (setting === 'endpoint') parseEndpoint(value, 'endpoint');
    if (setting === 'tenant') tenantEndpoint(value, 'tenant');
    if (setting === 'method' && !(USER_METHODS as readonly string[]).includes(value)) throw usageError(`method must be one of ${USER_METHODS.join(', ')}`);
    if (setting === 'storage' && value !== 'keychain' && value !== 'file') throw usageError('storage must be keychain or file');
    await updateProfile(context.env, name, (profile) => ({ ...profile, [setting]: value }));
  },
};
