// The specs' MCP adapters as tools: one per operation, named as the spec names it,
// with a JSON Schema generated from the compiled inputs and the hints as annotations.
import { isVerificationHeader } from '../auth/verification';
import type { InputRecord, OperationRecord, SurfaceRecord } from '../catalog/record';

export interface McpTool {
  name: string;
  surface: SurfaceRecord;
  operation: OperationRecord;
}

export interface ToolFilter {
  surfaces?: string[];
  readOnly?: boolean;
  allow?: string[];
  deny?: string[];
}

/**
 * A tool keeps the spec's name while it is unique among the loaded surfaces; a name that
 * several surfaces share (`verify-one-time-token`) becomes `<surface>_<name>` everywhere.
 */
export function toolsOf(surfaces: SurfaceRecord[], filter: ToolFilter = {}): McpTool[] {
  const count = new Map<string, number>();
  for (const surface of surfaces) for (const operation of surface.operations) count.set(operation.command, (count.get(operation.command) ?? 0) + 1);
  const tools = surfaces.flatMap((surface) =>
    surface.operations.map((operation) => ({
      name: count.get(operation.command)! > 1 ? `${surface.name}_${operation.command}` : operation.command,
      surface,
      operation,
    })),
  );
  return tools.filter(
    (tool) =>
      (!filter.surfaces || filter.surfaces.includes(tool.surface.name)) &&
      (!filter.readOnly || tool.operation.hints.readOnly) &&
      (!filter.allow || filter.allow.includes(tool.name)) &&
      !(filter.deny ?? []).includes(tool.name),
  );
}

/**
 * Whether a call must give this argument. A verification record id need not be given: as on the
 * command line, the record kept by `logto auth verify` is used (the call says what to run without one).
 */
export const mustGive = (input: InputRecord) => input.required && !isVerificationHeader(input);

function propertySchema(input: InputRecord): Record<string, unknown> {
  const where = { path: `Path parameter {${input.name}}`, query: `Query parameter ${input.name}`, header: `Header ${input.name}`, body: `Body field ${input.name}`, formData: `Form part ${input.name}` }[input.in];
  const kept = isVerificationHeader(input) ? 'When omitted, the verification record kept by `logto auth verify` is used' : undefined;
  return {
    type: input.type === 'file' ? 'string' : input.type,
    ...(input.type === 'file' ? { format: 'path' } : {}),
    ...(input.in === 'path' && input.type === 'string' ? { minLength: 1 } : {}),
    ...(input.enum ? { enum: input.enum } : {}),
    description: [where, input.description, kept].filter(Boolean).join('. '),
  };
}

/** Arguments are keyed by the CLI flag name (`grant-id`), the same names `--help` shows. */
export function inputSchema(operation: OperationRecord): Record<string, unknown> {
  const properties: Record<string, unknown> = Object.fromEntries(operation.inputs.map((input) => [input.flag, propertySchema(input)]));
  const required = operation.inputs.filter(mustGive).map((input) => input.flag);
  if (operation.body) {
    properties.body = { type: 'object', description: operation.body.description ?? 'JSON request body', additionalProperties: true };
    // With typed body fields, the body may be given field by field instead.
    if (operation.body.required && !operation.inputs.some((input) => input.in === 'body')) required.push('body');
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

export function describeTool(tool: McpTool) {
  const { operation } = tool;
  return {
    name: tool.name,
    title: operation.summary,
    description: `${operation.description} (${operation.method} ${operation.path})`,
    inputSchema: inputSchema(operation),
    annotations: {
      title: operation.summary,
      readOnlyHint: operation.hints.readOnly,
      destructiveHint: operation.hints.destructive,
      idempotentHint: operation.hints.idempotent,
      openWorldHint: true,
    },
  };
}
