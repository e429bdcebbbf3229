import { obtainVerification } from '../../src/auth/verification';
import { CONNECTION_FLAGS, sessionFor } from '../../src/cli/builtin-flags';
import type { Command } from '../../src/cli/command';
import { usageError } from '../../src/errors';
import { chooseFormat, printData } from '../../src/output/format';

export const command: Command = {
  flags: [{ name: 'password-stdin', kind: 'boolean', description: 'Read the password from stdin' }, ...CONNECTION_FLAGS],
  examples: ['printf %s "$PASSWORD" | logto auth verify --password-stdin -o json'],
  async run(values, _args, context) {
    const session = sessionFor(values, context);
    let password: string | undefined;
    if (values['password-stdin']) {
      password = (await context.io.readStdin()).replace(/\r?\n$/, '');
      if (!password) throw usageError('--password-stdin read nothing from stdin');
    }
    const record = await obtainVerification(session, password);
    await printData(record, chooseFormat(values.output as string | undefined, context.io), context.io);
  },
};
