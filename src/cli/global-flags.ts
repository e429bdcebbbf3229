// Flags every generated command accepts, besides the operation's own inputs.
import type { OperationRecord } from '../catalog/record';

export interface FlagSpec {
  name: string;
  char?: string;
  kind: 'string' | 'boolean' | 'integer' | 'number';
  multiple?: boolean;
  description: string;
  /** Shown in help as the value placeholder. */
  value?: string;
  env?: string;
}

export const OUTPUT_FORMATS = ['json', 'yaml', 'table', 'wide', 'ndjson', 'tsv', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const BODY_FLAGS: FlagSpec[] = [
  { name: 'body', kind: 'string', value: 'JSON|@FILE|-', description: "Request body: inline JSON, @file.json, or - for stdin" },
  { name: 'field', char: 'f', kind: 'string', multiple: true, value: 'KEY=VALUE', description: 'Body field as a string; dotted keys nest (a.b=c). Repeatable; merged over --body' },
  { name: 'raw-field', char: 'F', kind: 'string', multiple: true, value: 'KEY=JSON', description: 'Body field as JSON (numbers, true/false/null, objects, arrays); dotted keys nest. Repeatable' },
];

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'endpoint', kind: 'string', value: 'URL', env: 'LOGTO_ENDPOINT', description: 'Logto endpoint, e.g. https://my-tenant.logto.app' },
  { name: 'tenant', kind: 'string', value: 'ID', env: 'LOGTO_TENANT_ID', description: 'Logto Cloud tenant id (endpoint https://<ID>.logto.app)' },
  { name: 'token', kind: 'string', value: 'TOKEN', env: 'LOGTO_API_KEY', description: 'Bearer access token (prefer the env variable: flags show in ps and shell history)' },
  { name: 'profile', kind: 'string', value: 'NAME', env: 'LOGTO_PROFILE', description: 'Credentials profile to use (default: default)' },
  { name: 'output', char: 'o', kind: 'string', value: OUTPUT_FORMATS.join('|'), description: 'Output format (default: table on a terminal, json when piped; wide: a table with every column)' },
  { name: 'query', char: 'q', kind: 'string', value: 'JMESPATH', description: 'JMESPath expression applied to the response before output (with --all: to the whole result; with -o ndjson: to each item)' },
  { name: 'columns', kind: 'string', value: 'A,B,C', description: 'Table/TSV/CSV columns to show, in this order' },
  { name: 'verbose', kind: 'boolean', description: 'Print the request and response lines and headers on stderr (secrets redacted)' },
  { name: 'timeout', kind: 'number', value: 'SECONDS', description: 'Give up on the request after this many seconds (default 30)' },
  { name: 'retries', kind: 'integer', value: 'N', description: 'Retries of idempotent requests on 429/502/503/504 and connection resets (default 2; 0 disables)' },
  { name: 'dry-run', kind: 'string', value: '[=curl]', description: 'Print the request instead of sending it (--dry-run=curl: as a curl command)' },
  { name: 'yes', char: 'y', kind: 'boolean', description: 'Do not ask before destructive operations (required for them when not on a terminal)' },
  { name: 'no-input', kind: 'boolean', description: 'Never prompt (no pickers, confirmations or verification); fail as a script would' },
  { name: 'help', char: 'h', kind: 'boolean', description: 'Show help for the command' },
];

/** Only for operations that page (a `page` query input). */
export const PAGING_FLAGS: FlagSpec[] = [
  { name: 'all', kind: 'boolean', description: 'Fetch every page (streams with -o ndjson)' },
  { name: 'limit', kind: 'integer', value: 'N', description: 'With --all, stop after N items' },
];

/** Flag names an operation input may never take. */
export const RESERVED_FLAGS = new Set([...GLOBAL_FLAGS, ...BODY_FLAGS, ...PAGING_FLAGS].map((flag) => flag.name).concat('version'));

export const pages = (operation: OperationRecord) => operation.inputs.some((input) => input.in === 'query' && input.name === 'page');

/** The flags of an operation besides its inputs. */
export function flagsOf(operation: OperationRecord): FlagSpec[] {
  return [...GLOBAL_FLAGS, ...(pages(operation) ? PAGING_FLAGS : []), ...(operation.body ? BODY_FLAGS : [])];
}
