import { PROFILE_KEYS, type ProfileKey } from '../../src/config/config';
import type { FlagSpec } from '../../src/cli/global-flags';
import { GLOBAL_FLAGS } from '../../src/cli/global-flags';
import { usageError } from '../../src/errors';

export const PROFILE_FLAG: FlagSpec[] = GLOBAL_FLAGS.filter((flag) => flag.name === 'profile');

export function profileKey(key: string): ProfileKey {
  if (!(PROFILE_KEYS as readonly string[]).includes(key)) throw usageError(`unknown setting ${JSON.stringify(key)}: one of ${PROFILE_KEYS.join(', ')}`);
  return key as ProfileKey;
}
