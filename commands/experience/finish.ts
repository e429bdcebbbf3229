import { finishInteraction, noInteraction } from '../../src/auth/experience';
import { saveUserSession } from '../../src/auth/login';
import { forExperience, type StorageKind } from '../../src/auth/secret-store';
import { interactionStore } from '../../src/auth/tokens';
import { CONNECTION_FLAGS, outputFor, sessionFor } from '../../src/cli/builtin-flags';
import type { Command } from '../../src/cli/command';
import { printData } from '../../src/output/format';

export const command: Command = {
  flags: [{ name: 'print-tokens', kind: 'boolean', description: 'Print the tokens instead of storing them (for test harnesses)' }, ...CONNECTION_FLAGS],
  examples: ['logto experience finish', 'logto experience finish --print-tokens -o json'],
  async run(values, _args, context) {
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
  },
};
