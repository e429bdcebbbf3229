import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { globalValues } from '../../src/cli/values';
import { apply, connectionFlags } from '../../src/tenant/run';

export default class TenantApplyCommand extends BuiltinCommand {
  static summary = 'Make the live tenant match the file, in dependency order';

  static description = [
    'Applies the plan in dependency order (API resources and scopes, roles, organization scopes and roles, applications,',
    'then the rest), printing each step. Off a terminal it needs --yes. The first failure stops it with what was applied',
    'and what was not (exit 1). A second apply of the same file changes nothing. --dry-run prints the write requests',
    'instead of sending them (reads still happen).',
  ].join('\n');

  static flags = oclifFlags([
    { name: 'file', kind: 'string', value: 'FILE', description: 'The tenant file (- for stdin)' },
    { name: 'prune', kind: 'boolean', description: 'Delete entries of the kinds the file names that it does not list' },
    ...connectionFlags('yes', 'dry-run'),
  ]);

  static examples = ['logto tenant apply --file tenant.yaml', 'logto tenant apply --file tenant.yaml --prune --yes', 'logto tenant apply --file tenant.yaml --dry-run'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    await apply({ file: values.file as string | undefined, prune: values.prune === true, yes: values.yes === true }, globalValues(values), context);
  }
}
