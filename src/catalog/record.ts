// The compiled, format-neutral description of every operation. Commands, help,
// the request pipeline and tests read only these records; nothing at run time
// parses YAML.

/** Bump when the shape of the compiled index changes, so stale indexes are rebuilt. */
export const INDEX_SCHEMA_VERSION = 2;

/** `body` inputs are top-level fields of the JSON body (typed flags such as `--name`); `formData` are multipart parts. */
export type InputLocation = 'path' | 'query' | 'header' | 'body' | 'formData';
/** `file`: the flag names a local file, sent as a multipart file part. */
export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'file';

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
  default?: unknown;
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
  /** In a user index summary, where operations live in a file per surface. */
  operationCount?: number;
}

export interface SpecIndex {
  schemaVersion: number;
  /** Hash of the source files, to detect an index that no longer matches its specs. */
  sourcesHash: string;
  /** Source file name → modification time (ms) when compiled. */
  sources: Record<string, number>;
  /** For user indexes: the specs directory's mtime when compiled; a changed directory means recompile. */
  dirMtimeMs?: number;
  surfaces: SurfaceRecord[];
}
