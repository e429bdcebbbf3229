import type { FlagValues } from '../../src/cli/flags';
import type { FlagSpec } from '../../src/cli/global-flags';
import { toolsOf, type McpTool } from '../../src/mcp/tools';
import type { CommandContext } from '../../src/cli/context';
import { usageError } from '../../src/errors';
import { runRegistry } from '../../src/cli/run-registry';

export const FILTER_FLAGS: FlagSpec[] = [
  { name: 'surface', kind: 'string', value: 'A,B', description: 'Only the tools of these surfaces' },
  { name: 'read-only', kind: 'boolean', description: 'Only tools hinted readOnly' },
  { name: 'allow', kind: 'string', multiple: true, value: 'TOOL', description: 'Only these tools (repeatable, or comma separated)' },
  { name: 'deny', kind: 'string', multiple: true, value: 'TOOL', description: 'Never these tools (repeatable, or comma separated)' },
];

const list = (value: unknown) => (value === undefined ? undefined : ([] as string[]).concat(value as string[]).flatMap((one) => one.split(',')).map((one) => one.trim()).filter(Boolean));

export function selectedTools(values: FlagValues, context: CommandContext): McpTool[] {
  const { surfaces } = runRegistry();
  const wanted = list(values.surface);
  const unknown = wanted?.filter((name) => !surfaces.some((surface) => surface.name === name));
  if (unknown && unknown.length > 0) throw usageError(`unknown surface ${unknown.join(', ')}`);
  return toolsOf(surfaces, { surfaces: wanted, readOnly: values['read-only'] === true, allow: list(values.allow), deny: list(values.deny) });
}
