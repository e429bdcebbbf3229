// One runnable example per operation, shown in its help and in docs/commands.md.
import type { InputRecord, OperationRecord } from '../catalog/record';

function sampleValue(input: InputRecord): string {
  if (input.enum) return input.enum[0];
  if (input.type === 'object') return `'{}'`;
  if (input.type === 'array') return `'[]'`;
  if (input.type === 'integer' || input.type === 'number') return input.name.includes('size') ? '20' : '1';
  return input.flag.toUpperCase().replace(/-/g, '_');
}

/** Every required input, and a body when one is required. */
export function exampleFor(surface: string, operation: OperationRecord): string {
  const parts = ['logto', surface, operation.command];
  for (const input of operation.inputs.filter((one) => one.required)) {
    parts.push(input.type === 'boolean' ? `--${input.flag}` : `--${input.flag} ${sampleValue(input)}`);
  }
  if (operation.body?.required && !operation.inputs.some((input) => input.in === 'body')) parts.push(`--body '{}'`);
  if (operation.hints.destructive) parts.push('--yes');
  return parts.join(' ');
}
