import type { Command } from '../../src/cli/command';
import { globalValues } from '../../src/cli/parse-flags';
import { connectionFlags, pull } from '../../src/tenant/run';

export const command: Command = {
  description: [
    "Writes the tenant's configuration as one YAML document: one list per kind, sorted by its key, names instead of ids,",
    'no server-generated fields and no secret. Secrets a person sets (connector client secrets, SMTP passwords, JWT',
    'customizer variables, webhook headers) become ${env:NAME} placeholders with a comment naming the variable; secrets',
    "Logto generates (application secrets, webhook signing keys) are left out. Logto's own entries (the Management API,",
    'its built-in roles, the application the CLI signs in with) are left out. Needs the Management API synced (logto specs sync).',
  ].join('\n'),
  flags: [
    { name: 'file', kind: 'string', value: 'FILE', description: 'Write to FILE instead of stdout' },
    { name: 'only', kind: 'string', value: 'KIND,...', description: 'Only these kinds (default: all)' },
    ...connectionFlags(),
  ],
  examples: ['logto tenant pull --file tenant.yaml', 'logto tenant pull --only roles,resources > access.yaml'],
  async run(values, _args, context) {
    await pull({ file: values.file as string | undefined, only: values.only as string | undefined }, globalValues(values), context);
  },
};
