import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { obtainVerification } from '../../src/auth/verification';
import { CONNECTION_FLAGS, sessionFor } from '../../src/cli/builtin-flags';
import { usageError } from '../../src/errors';
import { chooseFormat, printData } from '../../src/output/format';

export default class AuthVerifyCommand extends BuiltinCommand {
  static summary = 'Get a verification record id for sensitive my-account operations';

  static flags = oclifFlags([{ name: 'password-stdin', kind: 'boolean', description: 'Read the password from stdin' }, ...CONNECTION_FLAGS]);

  static examples = ['printf %s "$PASSWORD" | logto auth verify --password-stdin -o json'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const session = sessionFor(values, context);
    let password: string | undefined;
    if (values['password-stdin']) {
      password = context.io.readStdin().replace(/\r?\n$/, '');
      if (!password) throw usageError('--password-stdin read nothing from stdin');
    }
    const record = await obtainVerification(session, password);
    await printData(record, chooseFormat(values.output as string | undefined, context.io), context.io);
  }
}
