import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifArgs, oclifFlags, type FlagValues } from '../../src/cli/flags';
import { GLOBAL_FLAGS } from '../../src/cli/global-flags';
import { globalValues } from '../../src/cli/values';
import { invoke } from '../../src/invoke/invoke';
import { readOperation } from '../../src/invoke/fixed-operation';

const operation = readOperation('get', 'Get one audit log entry', '/api/logs/{id}', [{ name: 'id', in: 'path', flag: 'id', type: 'string', required: true }]);

export default class LogsGetCommand extends BuiltinCommand {
  static summary = 'Show one audit log entry';

  static description = 'The same call as audit-logs get-log once the Management API is synced.';

  static flags = oclifFlags(GLOBAL_FLAGS.filter((flag) => flag.name !== 'help' && flag.name !== 'yes'));

  static args = oclifArgs(['id']);

  static examples = ['logto logs get 0hE1jEi7yAv4', 'logto logs get 0hE1jEi7yAv4 --query payload.error'];

  async execute(values: FlagValues, [id]: string[], context: CommandContext): Promise<void> {
    await invoke({ label: 'logs get', operation, inputs: { id }, body: undefined, globals: globalValues(values) }, context);
  }
}
