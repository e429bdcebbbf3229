import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { GLOBAL_FLAGS } from '../../src/cli/global-flags';
import { chooseFormat, printData } from '../../src/output/format';
import { FILTER_FLAGS, selectedTools } from './shared';

export default class McpToolsCommand extends BuiltinCommand {
  static summary = 'List the MCP tools that would be served';

  static description = 'What `logto mcp serve` would serve with the same filters, for review.';

  static flags = oclifFlags([...FILTER_FLAGS, ...GLOBAL_FLAGS.filter((flag) => flag.name === 'output')]);

  static examples = ['logto mcp tools --read-only', 'logto mcp tools --surface my-account -o json'];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const rows = selectedTools(values, context).map((tool) => ({
      name: tool.name,
      surface: tool.surface.name,
      readOnly: tool.operation.hints.readOnly,
      destructive: tool.operation.hints.destructive,
      idempotent: tool.operation.hints.idempotent,
      request: `${tool.operation.method} ${tool.operation.path}`,
    }));
    await printData(rows, chooseFormat(values.output as string | undefined, context.io), context.io);
  }
}
