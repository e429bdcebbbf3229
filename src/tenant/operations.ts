// Operations of the table, found by method and path among the loaded surfaces (the
// Management API arrives with `logto specs sync`).
import type { OperationRecord } from '../catalog/record';
import type { Registry } from '../catalog/registry';
import type { Endpoint, KindSpec } from './kinds';

export function findSurfaceOperation(registry: Registry, endpoint: Endpoint): OperationRecord | undefined {
  for (const surface of registry.surfaces) {
    // Surface operations load lazily; a Management API path is only in Management API surfaces.
    const found = surface.operations.find((operation) => operation.method === endpoint.method && operation.path === endpoint.path);
    if (found) return found;
  }
  return undefined;
}

/** Every endpoint a kind uses, for checking up front that all are loaded. */
export function endpointsOf(kind: KindSpec): Endpoint[] {
  const own = [kind.list, kind.get, kind.create, kind.update, kind.delete].filter((one): one is Endpoint => one !== undefined);
  return [...own, ...(kind.links ?? []).flatMap((link) => [link.list, link.add, link.remove])];
}

/** Body fields an operation documents (empty when its body is described only as oneOf). */
export const bodyFields = (operation: OperationRecord | undefined): string[] =>
  (operation?.inputs ?? []).filter((input) => input.in === 'body').map((input) => input.name);
