import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { createVerification } from '../../src/auth/verification';
import { CONNECTION_FLAGS, outputFor, sessionFor, withOutputFlags } from '../../src/cli/builtin-flags';
import { usageError } from '../../src/errors';
import { printData } from '../../src/output/format';

export default class AuthVerifyCommand extends BuiltinCommand {
  static summary = 'Get a verification record id for sensitive my-account operations';

  static description = [
    'Creates a verification record (POST /api/verifications/password) and keeps it in the profile\'s secret store',
    'until it expires: sensitive my-account operations then use it by themselves. -q verificationRecordId prints the bare id.',
  ].join('\n');

  static flags = oclifFlags(withOutputFlags([{ name: 'password-stdin', kind: 'boolean', description: 'Read the password from stdin' }, ...CONNECTION_FLAGS]));

  static examples = [
    'printf %s "$PASSWORD" | logto auth verify --password-stdin',
    'VID=$(printf %s "$PASSWORD" | logto auth verify --password-stdin -q verificationRecordId)',
  ];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const session = sessionFor(values, context);
    const output = outputFor(values, context.io);
    let password: string;
    if (values['password-stdin']) {
      password = (await context.io.readStdin()).replace(/\r?\n$/, '');
      if (!password) throw usageError('--password-stdin read nothing from stdin');
    } else {
      if (!context.io.stdinIsTTY) throw usageError('no terminal to ask for the password: pass --password-stdin');
      const { password: ask } = await import('@inquirer/prompts');
      password = await ask({ message: 'Password (to verify it is you)', mask: '*' });
    }
    const record = await createVerification(session, password);
    context.io.err(`Verified; sensitive my-account operations use this record until ${record.expiresAt}.\n`);
    // A bare string from -q is printed bare, so that $(…) captures just the id.
    const shown = output.query ? output.query(record) : record;
    if (typeof shown === 'string' && values.output === undefined) return context.io.out(`${shown}\n`);
    await printData(record, output, context.io);
  }
}
