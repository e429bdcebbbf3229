// A record for a hand-written command that is one plain API call (`logs get`, `hooks
// deliveries`), so that it runs through exactly what generated commands run through:
// output formats, --query, paging, dry run, retries.
import type { InputRecord, OperationRecord } from '../catalog/record';

export function readOperation(command: string, summary: string, path: string, inputs: InputRecord[]): OperationRecord {
  return {
    command,
    operation: command,
    summary,
    description: summary,
    method: 'GET',
    path,
    hints: { readOnly: true, idempotent: true, destructive: false },
    auth: 'bearer',
    inputs,
  };
}

export const PAGE_INPUTS: InputRecord[] = [
  { name: 'page', in: 'query', flag: 'page', type: 'integer', required: false, description: 'Page number (starts from 1)' },
  { name: 'page_size', in: 'query', flag: 'page-size', type: 'integer', required: false, description: 'Entries per page (at most 100)' },
];
