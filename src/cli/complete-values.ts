// Values for shell completion: what may follow a flag (`-o <TAB>`, `--status <TAB>`, `--profile=<TAB>`)
// and a hand-written command's argument. It knows flags by name only, not how they are parsed.
import type { OperationRecord } from '../catalog/record';
import type { Registry } from '../catalog/registry';
import { userSpecsDir } from '../catalog/locations';
import { loadConfig, PROFILE_KEYS } from '../config/config';
import { OUTPUT_FORMATS } from './global-flags';

const SHELLS = ['bash', 'zsh', 'fish'];

/** The values a flag takes, or undefined for those nobody can list (ids, URLs, JSON). */
export function flagValues(flag: string, registry: Pick<Registry, 'surfaces'>, env: NodeJS.ProcessEnv, operation?: OperationRecord): string[] | undefined {
  const input = operation?.inputs.find((one) => one.flag === flag);
  if (input) return input.enum;
  switch (flag) {
    case 'output':
      return [...OUTPUT_FORMATS];
    case 'profile':
      return Object.keys(loadConfig(env).profiles);
    case 'dry-run':
      return ['curl'];
    // specs sync --surface, mcp serve|tools --surface
    case 'surface':
      return registry.surfaces.map((surface) => surface.name);
    default:
      return undefined;
  }
}

/** The values of a hand-written command's arguments (`completion SHELL`, `specs remove SURFACE…`, `config get KEY`). */
export function argumentValues(command: string, env: NodeJS.ProcessEnv): string[] | undefined {
  switch (command) {
    case 'completion':
      return SHELLS;
    case 'specs remove': {
      // Required here, not above: the sync module brings the YAML compiler, which a tab should not pay for otherwise.
      const { readSyncRecord } = require('../catalog/sync') as typeof import('../catalog/sync');
      return Object.keys(readSyncRecord(userSpecsDir(env)).surfaces);
    }
    case 'config get':
    case 'config set':
      return [...PROFILE_KEYS];
    default:
      return undefined;
  }
}
