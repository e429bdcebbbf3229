import type { Command } from '../../src/cli/command';
import { GLOBAL_FLAGS } from '../../src/cli/global-flags';
import { globalValues } from '../../src/cli/parse-flags';
import { invoke } from '../../src/invoke/invoke';
import { readOperation } from '../../src/invoke/fixed-operation';

const operation = readOperation('get', 'Get one audit log entry', '/api/logs/{id}', [{ name: 'id', in: 'path', flag: 'id', type: 'string', required: true }]);

export const command: Command = {
  description: 'The same call as audit-logs get-log once the Management API is synced.',
  flags: GLOBAL_FLAGS.filter((flag) => flag.name !== 'help' && flag.name !== 'yes'),
  args: ['id'],
  examples: ['logto logs get 0hE1jEi7yAv4', 'logto logs get 0hE1jEi7yAv4 --query payload.error'],
  async run(values, [id], context) {
    await invoke({ label: 'logs get', operation, inputs: { id }, body: undefined, globals: globalValues(values) }, context);
  },
};
