import { outputFor } from '../../src/cli/builtin-flags';
import type { Command } from '../../src/cli/command';
import { GLOBAL_FLAGS } from '../../src/cli/global-flags';
import { printData } from '../../src/output/format';
import { FILTER_FLAGS, selectedTools } from './shared';

export const command: Command = {
  description: 'What `logto mcp serve` would serve with the same filters, for review.',
  flags: [...FILTER_FLAGS, ...GLOBAL_FLAGS.filter((flag) => flag.name === 'output')],
  examples: ['logto mcp tools --read-only', 'logto mcp tools --surface my-account -o json'],
  async run(values, _args, context) {
    const rows = selectedTools(values, context).map((tool) => ({
      name: tool.name,
      surface: tool.surface.name,
      readOnly: tool.operation.hints.readOnly,
      destructive: tool.operation.hints.destructive,
      idempotent: tool.operation.hints.idempotent,
      request: `${tool.operation.method} ${tool.operation.path}`,
    }));
    await printData(rows, outputFor(values, context.io), context.io);
  },
};
