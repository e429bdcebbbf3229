import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { finishInteraction, noInteraction } from '../../src/auth/experience';
import { saveUserSession } from '../../src/auth/login';
import type { StorageKind } from '../../src/auth/secret-store';
import { interactionStore } from '../../src/auth/tokens';
import { CONNECTION_FLAGS, sessionFor } from '../../src/cli/builtin-flags';
import { chooseFormat, printData } from '../../src/output/format';

export default class ExperienceFinishCommand extends BuiltinCommand {
  static summary = 'Finish the interaction: exchange the code and store the tokens';

  static flags = oclifFlags([{ name: 'print-tokens', kind: 'boolean', description: 'Print the tokens instead of storing them (for test harnesses)' }, ...CONNECTION_FLAGS]);

  static examples = ['logto experience finish', 'logto experience finish --print-tokens -o json'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const session = sessionFor(values, context);
    const store = await interactionStore(session);
    const interaction = await store.load();
    if (!interaction) throw noInteraction();
    const tokens = await finishInteraction(interaction, session.transport);
    await store.clear();
    const format = chooseFormat(values.output as string | undefined, context.io);
    if (values['print-tokens']) return printData(tokens, format, context.io);
    const storage = (session.profile.storage as StorageKind | undefined) ?? 'keychain';
    const result = await saveUserSession(session, storage, new URL(interaction.endpoint), tokens, {
      method: 'experience',
      clientId: interaction.clientId,
      'redirect-uri': interaction.redirectUri,
    });
    await printData(result, format, context.io);
  }
}
