import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { globalValues } from '../../src/cli/values';
import { connectionFlags, pull } from '../../src/tenant/run';

export default class TenantPullCommand extends BuiltinCommand {
  static summary = "Write the tenant's configuration as YAML (no secrets, names instead of ids)";

  static description = [
    "Writes the tenant's configuration as one YAML document: one list per kind, sorted by its key, names instead of ids,",
    'no server-generated fields and no secret. Secrets a person sets (connector client secrets, SMTP passwords, JWT',
    'customizer variables, webhook headers) become ${env:NAME} placeholders with a comment naming the variable; secrets',
    "Logto generates (application secrets, webhook signing keys) are left out. Logto's own entries (the Management API,",
    'its built-in roles, the application the CLI signs in with) are left out. Needs the Management API synced (logto specs sync).',
  ].join('\n');

  static flags = oclifFlags([
    { name: 'file', kind: 'string', value: 'FILE', description: 'Write to FILE instead of stdout' },
    { name: 'only', kind: 'string', value: 'KIND,...', description: 'Only these kinds (default: all)' },
    ...connectionFlags(),
  ]);

  static examples = ['logto tenant pull --file tenant.yaml', 'logto tenant pull --only roles,resources > access.yaml'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    await pull({ file: values.file as string | undefined, only: values.only as string | undefined }, globalValues(values), context);
  }
}
