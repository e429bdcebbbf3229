import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { globalValues } from '../../src/cli/values';
import { connectionFlags, plan } from '../../src/tenant/run';

export default class TenantPlanCommand extends BuiltinCommand {
  static summary = 'Show what apply would change: the file against the live tenant, or two tenants';

  static description = [
    'Compares the file with the live tenant and prints what apply would do, grouped by kind: create, update (field by',
    'field, old → new; secrets only as changed/unchanged) and, with --prune, delete. With --from-profile/--to-profile it',
    'compares two live tenants. --exit-code exits 10 when changes are pending (0 when none), for CI gates.',
  ].join('\n');

  static flags = oclifFlags([
    { name: 'file', kind: 'string', value: 'FILE', description: 'The tenant file (- for stdin)' },
    { name: 'prune', kind: 'boolean', description: 'Also plan deleting entries of the kinds the file names that it does not list' },
    { name: 'exit-code', kind: 'boolean', description: 'Exit 10 when changes are pending' },
    { name: 'from-profile', kind: 'string', value: 'NAME', description: "Compare this profile's live tenant (instead of a file) ..." },
    { name: 'to-profile', kind: 'string', value: 'NAME', description: "... with this profile's live tenant (default: the current profile)" },
    { name: 'only', kind: 'string', value: 'KIND,...', description: 'With --from-profile: only these kinds' },
    { name: 'output', char: 'o', kind: 'string', value: 'text|json', description: 'json: a machine-readable plan' },
    ...connectionFlags(),
  ]);

  static examples = ['logto tenant plan --file tenant.yaml', 'logto tenant plan --file tenant.yaml --exit-code -o json', 'logto tenant plan --from-profile dev --to-profile prod'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    await plan(
      {
        file: values.file as string | undefined,
        fromProfile: values['from-profile'] as string | undefined,
        toProfile: values['to-profile'] as string | undefined,
        only: values.only as string | undefined,
        prune: values.prune === true,
        exitCode: values['exit-code'] === true,
        output: values.output as string | undefined,
      },
      globalValues(values),
      context,
    );
  }
}
