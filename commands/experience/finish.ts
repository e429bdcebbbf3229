import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { finishInteraction, noInteraction } from '../../src/auth/experience';
import { saveUserSession } from '../../src/auth/login';
import { forExperience, type StorageKind } from '../../src/auth/secret-store';
import { interactionStore } from '../../src/auth/tokens';
import { CONNECTION_FLAGS, outputFor, sessionFor, withOutputFlags } from '../../src/cli/builtin-flags';
import { printData } from '../../src/output/format';

export default class ExperienceFinishCommand extends BuiltinCommand {
  static summary = 'Finish the interaction: exchange the code and store the tokens';

  static flags = oclifFlags(withOutputFlags([{ name: 'print-tokens', kind: 'boolean', description: 'Print the tokens instead of storing them (for test harnesses)' }, ...CONNECTION_FLAGS]));

  static examples = ['logto experience finish', 'logto experience finish --print-tokens -o json'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const session = sessionFor(values, context);
    let store: Awaited<ReturnType<typeof interactionStore>>;
    let interaction: Awaited<ReturnType<typeof store.load>>;
    try {
      store = await interactionStore(session);
      interaction = await store.load();
    } catch (error) {
      throw forExperience(error);
    }
    if (!interaction) throw noInteraction();
    const tokens = await finishInteraction(interaction, session.transport);
    await store.clear();
    const format = outputFor(values, context.io);
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
