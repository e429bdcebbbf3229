// A record for a hand-written command that is one plain API read (`logs get`), so that it
// runs through exactly what generated commands run through: output formats, --query,
// dry run, retries.
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
