// The compiled, format-neutral description of every operation. Commands, help,
// the request pipeline and tests read only these records; nothing at run time
// parses YAML.

/** Bump when the shape of the compiled index changes, so stale indexes are rebuilt. */
export const INDEX_SCHEMA_VERSION = 1;

export type InputLocation = 'path' | 'query' | 'header';
export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

export interface InputRecord {
  /** Name on the wire: path placeholder, query parameter or header name. */
  name: string;
  in: InputLocation;
  /** Command-line flag, without the leading dashes. */
  flag: string;
  type: ValueType;
  required: boolean;
  description?: string;
  enum?: string[];
}

export interface BodyRecord {
  required: boolean;
  description?: string;
}

export interface Hints {
  readOnly: boolean;
  destructive: boolean;
  idempotent: boolean;
}

export interface OperationRecord {
  /** Command name: the MCP tool name of the spec. */
  command: string;
  /** The consumed operation's name in the spec (`getprofile`). */
  operation: string;
  summary: string;
  description: string;
  method: string;
  /** Path template relative to the endpoint, e.g. `/api/my-account/grants/{grantId}`. */
  path: string;
  hints: Hints;
  auth: 'bearer' | 'none';
  inputs: InputRecord[];
  body?: BodyRecord;
}

export interface SurfaceRecord {
  /** The capability namespace without its `logto-` prefix: `my-account`. */
  name: string;
  label: string;
  description: string;
  /** File the surface was compiled from, relative to its specs directory. */
  source: string;
  operations: OperationRecord[];
}

export interface SpecIndex {
  schemaVersion: number;
  /** Hash of the source files, to detect an index that no longer matches its specs. */
  sourcesHash: string;
  /** Source file name → modification time (ms), for run-time staleness checks of user specs. */
  sources: Record<string, number>;
  surfaces: SurfaceRecord[];
}
