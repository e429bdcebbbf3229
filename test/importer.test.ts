// The OpenAPI importer on small hand-written documents, compiled as the CLI compiles it.
import { describe, expect, it } from 'vitest';
import { compileSurface } from '../src/catalog/compile';
import { validateNaftiko, type NaftikoDocument, type SpecProblem } from '../src/catalog/naftiko';
import { importOpenApi, kebab } from '../src/catalog/openapi/import';

const doc = {
  openapi: '3.0.1',
  info: { title: 'test', version: '1' },
  components: {
    parameters: { widgetId: { name: 'id', in: 'path', required: true, schema: { type: 'string' } } },
    schemas: { Color: { type: 'string', enum: ['red', 'blue'] } },
  },
  paths: {
    '/api/widgets': {
      get: {
        operationId: 'ListWidgets',
        tags: ['Widget parts'],
        summary: 'List widgets',
        parameters: [
          { name: 'page', in: 'query', schema: { type: 'integer', default: 1 } },
          { name: 'color', in: 'query', schema: { $ref: '#/components/schemas/Color' } },
          { name: 'X-Trace', in: 'header', required: true, schema: { type: 'string' } },
          { name: 'search_params', in: 'query', explode: true, schema: { type: 'object', additionalProperties: { type: 'string' } } },
          { name: 'session', in: 'cookie', schema: { type: 'string' } },
        ],
      },
      post: {
        operationId: 'CreateWidget',
        tags: ['Widget parts'],
        summary: 'Create a widget',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string', description: 'The name.' },
                  size: { type: 'number' },
                  active: { type: 'boolean' },
                  color: { $ref: '#/components/schemas/Color' },
                  dimensions: { type: 'object', properties: { width: { type: 'integer' } } },
                  tags: { type: 'array', items: { type: 'string' } },
                  profile: { type: 'object' },
                },
              },
            },
          },
        },
      },
    },
    '/api/widgets/{id}': {
      delete: { operationId: 'DeleteWidget', tags: ['Widget parts'], summary: 'Delete a widget', parameters: [{ $ref: '#/components/parameters/widgetId' }] },
      put: { operationId: 'ReplaceWidget', tags: ['Widget parts'], summary: 'Replace', parameters: [{ $ref: '#/components/parameters/widgetId' }] },
      patch: { tags: ['Widget parts'], summary: 'No id' },
    },
    '/api/widgets/{id}/image': {
      post: {
        operationId: 'UploadWidgetImage',
        tags: ['Widget parts'],
        summary: 'Upload',
        parameters: [{ $ref: '#/components/parameters/widgetId' }],
        requestBody: { content: { 'multipart/form-data': { schema: { properties: { file: { description: 'The image.' }, caption: { type: 'string' } } } } } },
      },
    },
    '/api/widgets/{id}/export': {
      post: { operationId: 'ExportWidget', tags: ['Widget parts'], summary: 'Export', requestBody: { content: { 'application/xml': { schema: { type: 'object' } } } } },
    },
    '/api/gadgets/{id}': {
      get: { operationId: 'GetGadget', summary: 'Get a gadget', parameters: [{ $ref: 'other.json#/parameters/id' }] },
    },
  },
};

function compiled() {
  const result = importOpenApi(doc, 'test.json');
  const capability = JSON.parse(JSON.stringify(result.capabilities.get('widget-parts'))) as NaftikoDocument;
  const problems: SpecProblem[] = [];
  const surface = compileSurface(capability, 'widget-parts.yaml', problems);
  return { result, capability, surface, problems };
}

describe('importOpenApi', () => {
  it('makes one valid capability per tag, named in kebab case', () => {
    const { result, capability, problems } = compiled();
    expect([...result.capabilities.keys()]).toEqual(['widget-parts']);
    expect(validateNaftiko(capability)).toEqual([]);
    expect(problems).toEqual([]);
    expect(kebab('One-time tokens')).toBe('one-time-tokens');
    expect(kebab('ListOneTimeTokens')).toBe('list-one-time-tokens');
    expect(kebab('GetOIDCConfig')).toBe('get-oidc-config');
  });

  it('names commands from operation ids and derives hints from the method', () => {
    const { surface } = compiled();
    expect(surface.operations.map((operation) => [operation.command, operation.method, operation.hints])).toEqual([
      ['list-widgets', 'GET', { readOnly: true, destructive: false, idempotent: true }],
      ['create-widget', 'POST', { readOnly: false, destructive: false, idempotent: false }],
      ['replace-widget', 'PUT', { readOnly: false, destructive: false, idempotent: true }],
      ['delete-widget', 'DELETE', { readOnly: false, destructive: true, idempotent: true }],
      ['upload-widget-image', 'POST', { readOnly: false, destructive: false, idempotent: false }],
    ]);
  });

  it('keeps every parameter with its location, type, enum, default and requiredness, resolving $ref', () => {
    const [list, , , remove] = compiled().surface.operations;
    expect(list.inputs).toEqual([
      { name: 'page', in: 'query', flag: 'page', type: 'integer', required: false, default: 1 },
      { name: 'color', in: 'query', flag: 'color', type: 'string', required: false, enum: ['red', 'blue'] },
      { name: 'X-Trace', in: 'header', flag: 'x-trace', type: 'string', required: true },
      expect.objectContaining({ name: 'search', in: 'query', flag: 'search', type: 'string' }),
      expect.objectContaining({ name: 'mode', flag: 'mode', enum: ['like', 'exact', 'similar_to', 'posix'] }),
      expect.objectContaining({ name: 'joint', flag: 'joint', enum: ['or', 'and'] }),
      expect.objectContaining({ name: 'isCaseSensitive', flag: 'is-case-sensitive', type: 'boolean' }),
    ]);
    expect(remove.inputs).toEqual([{ name: 'id', in: 'path', flag: 'id', type: 'string', required: true }]);
  });

  it('turns JSON body properties into typed body fields, required ones marked, clashes renamed', () => {
    const [, create] = compiled().surface.operations;
    expect(create.body).toEqual({ required: true, description: 'Request body (JSON).' });
    expect(create.inputs.map((input) => [input.flag, input.type, input.required, input.enum])).toEqual([
      ['name', 'string', true, undefined],
      ['size', 'number', false, undefined],
      ['active', 'boolean', false, undefined],
      ['color', 'string', false, ['red', 'blue']],
      ['dimensions', 'object', false, undefined],
      ['tags', 'array', false, undefined],
      ['body-profile', 'object', false, undefined],
    ]);
  });

  it('turns a multipart upload into form parts, a file given as a path', () => {
    const upload = compiled().surface.operations.find((operation) => operation.command === 'upload-widget-image')!;
    expect(upload.body).toBeUndefined();
    expect(upload.inputs).toEqual([
      { name: 'id', in: 'path', flag: 'id', type: 'string', required: true },
      { name: 'file', in: 'formData', flag: 'file', type: 'file', required: true, description: 'The image.' },
      { name: 'caption', in: 'formData', flag: 'caption', type: 'string', required: false },
    ]);
  });

  it('reports what it cannot express, by name, and keeps the rest', () => {
    const { result } = compiled();
    expect(result.skipped).toEqual([
      'ListWidgets: cookie parameter session left out',
      'PATCH /api/widgets/{id}: no operationId, so no stable command name',
      'ExportWidget: request body application/xml is not JSON (use logto api)',
      'GetGadget: external $ref other.json#/parameters/id',
    ]);
  });

  it('refuses a document that is not OpenAPI 3', () => {
    expect(importOpenApi({ swagger: '2.0', paths: {} }, 'old.json')).toEqual({ capabilities: new Map(), skipped: ['old.json: not an OpenAPI 3 document'] });
  });
});
