// On a terminal, a required path input left out is chosen from its resource's list: `users get-user`
// without --user-id opens a searchable picker over `users list-users`, and the chosen id is sent.
import type { CommandContext } from '../cli/context';
import type { GlobalValues } from '../cli/values';
import type { InputRecord, OperationRecord, SurfaceRecord } from '../catalog/record';
import { usageError } from '../errors';
import { captureIO } from '../output/io';
import type { InputValue } from '../request/build';
import { invoke } from './invoke';

type Item = Record<string, unknown>;
type Inputs = Record<string, InputValue | undefined>;

/** Fields a person recognises an item by, in the order a label shows them. */
const LABEL_FIELDS = ['name', 'username', 'primaryEmail', 'primaryPhone', 'email', 'phone', 'title', 'key', 'indicator', 'domain', 'type'];
const PICKER_PAGE_SIZE = 100;

const isItem = (value: unknown): value is Item => typeof value === 'object' && value !== null && !Array.isArray(value);
const placeholders = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);

/** The list of the resource a path input names: `GET /api/users` for `{userId}` in `/api/users/{userId}`. */
export function listOperationFor(surface: SurfaceRecord, operation: OperationRecord, input: InputRecord): OperationRecord | undefined {
  const at = operation.path.indexOf(`/{${input.name}}`);
  if (input.in !== 'path' || at < 0) return undefined;
  const collection = operation.path.slice(0, at);
  const list = surface.operations.find((one) => one.method === 'GET' && one.path === collection);
  // A list that needs more than the path values before it cannot be offered.
  return list && list.inputs.every((one) => !one.required || one.in === 'path') ? list : undefined;
}

/** The value an item gives the input: its own field of that name (`languageTag`, `name`), else its `id`. */
function valueOf(item: Item, input: InputRecord): string | undefined {
  const value = item[input.name] ?? item.id;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** `alice · alice@example.com  (u1)`: what a person recognises, then the id that will be sent. */
function labelOf(item: Item, value: string): string {
  const words = LABEL_FIELDS.map((key) => item[key]).filter((word): word is string => typeof word === 'string' && word !== '' && word !== value);
  const shown = [...new Set(words)].slice(0, 2);
  return shown.length > 0 ? `${shown.join(' · ')}  (${value})` : value;
}

/** The list operation's inputs: path values already known (by placeholder name), a large page, a search term. */
function listInputs(list: OperationRecord, operation: OperationRecord, inputs: Inputs, term: string): Inputs {
  const values: Inputs = {};
  for (const input of list.inputs) {
    if (input.in === 'path') values[input.flag] = inputs[operation.inputs.find((one) => one.in === 'path' && one.name === input.name)?.flag ?? input.flag];
    // Logto's `search` matches with SQL LIKE: the term anywhere in any searchable field.
    if (input.in === 'query' && input.name === 'search' && term !== '') values[input.flag] = `%${term}%`;
    if (input.in === 'query' && input.name === 'page_size') values[input.flag] = PICKER_PAGE_SIZE;
  }
  return values;
}

/** One page of the list, through the same invocation path as any command, captured as JSON. */
async function fetchItems(surface: SurfaceRecord, list: OperationRecord, inputs: Inputs, globals: GlobalValues, context: CommandContext): Promise<Item[]> {
  const io = captureIO(context.io, async () => '');
  const quiet: GlobalValues = { ...globals, output: 'json', query: undefined, columns: undefined, all: false, limit: undefined, dryRun: undefined, help: false };
  await invoke({ label: `${surface.name} ${list.command}`, operation: list, inputs, body: undefined, globals: quiet }, { ...context, io, output: 'json' });
  const data = JSON.parse(io.captured() || 'null') as unknown;
  return Array.isArray(data) ? data.filter(isItem) : [];
}

/**
 * Fills each missing required path input from a picker, when on a terminal and prompts are allowed,
 * and when every missing input has a list to pick from. Otherwise leaves them, and the usual usage error follows.
 */
export async function pickMissingInputs(surface: SurfaceRecord, operation: OperationRecord, inputs: Inputs, globals: GlobalValues, context: CommandContext, obtainedLater?: string): Promise<void> {
  const { io } = context;
  if (!io.stdinIsTTY || !io.stdoutIsTTY || globals.dryRun) return;
  const order = placeholders(operation.path);
  const missing = operation.inputs
    .filter((input) => input.in !== 'body' && input.required && inputs[input.flag] === undefined && input.flag !== obtainedLater)
    .sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const lists = missing.map((input) => listOperationFor(surface, operation, input));
  if (missing.length === 0 || lists.some((list) => !list)) return;

  const { search } = await import('@inquirer/prompts');
  for (const [index, input] of missing.entries()) {
    const list = lists[index]!;
    const searchable = list.inputs.some((one) => one.in === 'query' && one.name === 'search');
    const first = await fetchItems(surface, list, listInputs(list, operation, inputs, ''), globals, context);
    if (first.length === 0) throw usageError(`missing required flag: --${input.flag} (${surface.name} ${list.command} has nothing to choose from)`);
    const choices = (items: Item[], term: string) =>
      items
        .map((item) => ({ item, value: valueOf(item, input) }))
        .filter((choice): choice is { item: Item; value: string } => choice.value !== undefined)
        .map(({ item, value }) => ({ name: labelOf(item, value), value }))
        .filter((choice) => searchable || choice.name.toLowerCase().includes(term.toLowerCase()));
    inputs[input.flag] = await search({
      message: `--${input.flag}: choose from ${surface.name} ${list.command} (type to search)`,
      source: async (term) => {
        const text = term ?? '';
        const items = searchable && text !== '' ? await fetchItems(surface, list, listInputs(list, operation, inputs, text), globals, context) : first;
        return choices(items, text);
      },
    });
  }
}
