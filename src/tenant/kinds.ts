// The one declarative table behind `logto tenant pull | plan | apply`: every kind of tenant
// configuration, with the Management API operations that read and write it (method and
// path, looked up in the synced specs), its identifying key, what to leave out, what it
// refers to by name and which of its fields are secrets. The engine (read, diff, apply)
// knows no kind by name; adding a kind is adding a row. The array order is the order an
// apply creates and updates in (deletes run in reverse).

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export interface Endpoint {
  method: Method;
  /** Path template as in the OpenAPI document; placeholders are filled in order (owner id first). */
  path: string;
}
const op = (method: Method, path: string): Endpoint => ({ method, path });

/** How a file names an entry of another kind: by name, or as `{resource, scope}` for API scopes. */
export type ReferenceForm = 'name' | 'resource-scope';

/** A set of references from an entry to entries of another kind (a role's scopes, an application's roles). */
export interface LinkSpec {
  /** Field of the entry in the file. */
  field: string;
  /** The kind whose entries are referenced. */
  target: string;
  list: Endpoint;
  /** Adds ids, sent as `{[idsField]: [...]}`. */
  add: Endpoint;
  /** Removes one id (owner id, target id). */
  remove: Endpoint;
  idsField: string;
  /** The create operation's body field that takes the ids at once, when there is one. */
  createField?: string;
  /** The link exists only for entries like this (Logto assigns roles to machine-to-machine apps only), said in words for messages. */
  appliesTo?: { test: (entry: Record<string, unknown>) => boolean; entries: string };
}

export interface KindSpec {
  /** Key of the kind in the file, and its name in `--only` and messages. */
  name: string;
  shape: 'singleton' | 'collection';
  /** For a kind nested in another kind's entries (an API resource's scopes): the parent kind, and the field in its entries. */
  parent?: { kind: string; field: string };
  /** The identifying field (collections). */
  key?: string;
  /** Logto enforces the key to be unique; otherwise pull refuses duplicates rather than guess. */
  unique?: boolean;
  list?: Endpoint;
  get?: Endpoint;
  create?: Endpoint;
  /** PATCH sends the changed fields; PUT sends the whole entry. */
  update?: Endpoint;
  delete?: Endpoint;
  /** The live field that names the entry in paths (default `id`). */
  pathId?: string;
  /** Managed fields, when the specs cannot tell (a request body described only as `oneOf`). Otherwise the create and update bodies' fields. */
  fields?: string[];
  /** Fields the server keeps that are not configuration, or that differ per tenant. */
  ignore?: string[];
  /** Dotted paths of secrets a person sets: pulled as `${env:NAME}` placeholders, shown only as changed/unchanged. */
  secrets?: RegExp[];
  links?: LinkSpec[];
  /** How other kinds refer to this one. */
  reference?: ReferenceForm;
  /** Entries the file leaves alone, never pulled and never pruned: Logto's own, and those a file cannot describe. */
  leftAlone?: (entry: Record<string, unknown>, context: ReadContext) => boolean;
  /** Reshapes a list item into an entry, for lists that are not plain arrays of entries. */
  fromList?: (item: Record<string, unknown>) => Record<string, unknown>;
}

export interface ReadContext {
  /** The applications the CLI signs in with (the profile's M2M app and sign-in app). */
  ownClientIds: string[];
}

/** Fields no kind ever manages: the server generates them. */
export const SERVER_FIELDS = ['id', 'tenantId', 'createdAt', 'updatedAt'];

/** Logto's own test, `isManagementApi` in @logto/schemas. */
const isManagementApi = (indicator: unknown) => typeof indicator === 'string' && /^https:\/\/[^.]+\.logto\.app\/api$/.test(indicator);
const BUILT_IN_APPLICATIONS = new Set(['admin-console', 'demo-app', 'account-center', 'device-demo-app']);
const JWT_TOKEN_TYPES: Record<string, string> = { 'jwt.accessToken': 'access-token', 'jwt.clientCredentials': 'client-credentials' };

export const KINDS: KindSpec[] = [
  {
    name: 'resources',
    shape: 'collection',
    key: 'indicator',
    unique: true,
    list: op('GET', '/api/resources'),
    create: op('POST', '/api/resources'),
    update: op('PATCH', '/api/resources/{id}'),
    delete: op('DELETE', '/api/resources/{id}'),
    ignore: ['isDefault', 'scopes'],
    leftAlone: (entry) => isManagementApi(entry.indicator),
  },
  {
    name: 'resources.scopes',
    shape: 'collection',
    parent: { kind: 'resources', field: 'scopes' },
    key: 'name',
    unique: true,
    list: op('GET', '/api/resources/{resourceId}/scopes'),
    create: op('POST', '/api/resources/{resourceId}/scopes'),
    update: op('PATCH', '/api/resources/{resourceId}/scopes/{scopeId}'),
    delete: op('DELETE', '/api/resources/{resourceId}/scopes/{scopeId}'),
    ignore: ['resourceId'],
    reference: 'resource-scope',
  },
  {
    name: 'roles',
    shape: 'collection',
    key: 'name',
    unique: true,
    list: op('GET', '/api/roles'),
    create: op('POST', '/api/roles'),
    update: op('PATCH', '/api/roles/{id}'),
    delete: op('DELETE', '/api/roles/{id}'),
    ignore: ['scopeIds', 'usersCount', 'featuredUsers', 'applicationsCount', 'featuredApplications'],
    links: [
      {
        field: 'scopes',
        target: 'resources.scopes',
        list: op('GET', '/api/roles/{id}/scopes'),
        add: op('POST', '/api/roles/{id}/scopes'),
        remove: op('DELETE', '/api/roles/{id}/scopes/{scopeId}'),
        idsField: 'scopeIds',
        createField: 'scopeIds',
      },
    ],
    reference: 'name',
    // `#internal:admin` and the pre-configured machine-to-machine role Logto creates with a tenant.
    leftAlone: (entry) => String(entry.name).startsWith('#internal:') || entry.name === 'Logto Management API access',
  },
  {
    name: 'organizationScopes',
    shape: 'collection',
    key: 'name',
    unique: true,
    list: op('GET', '/api/organization-scopes'),
    create: op('POST', '/api/organization-scopes'),
    update: op('PATCH', '/api/organization-scopes/{id}'),
    delete: op('DELETE', '/api/organization-scopes/{id}'),
    reference: 'name',
  },
  {
    name: 'organizationRoles',
    shape: 'collection',
    key: 'name',
    unique: true,
    list: op('GET', '/api/organization-roles'),
    create: op('POST', '/api/organization-roles'),
    update: op('PATCH', '/api/organization-roles/{id}'),
    delete: op('DELETE', '/api/organization-roles/{id}'),
    ignore: ['scopes', 'resourceScopes', 'organizationScopeIds', 'resourceScopeIds'],
    links: [
      {
        field: 'scopes',
        target: 'organizationScopes',
        list: op('GET', '/api/organization-roles/{id}/scopes'),
        add: op('POST', '/api/organization-roles/{id}/scopes'),
        remove: op('DELETE', '/api/organization-roles/{id}/scopes/{organizationScopeId}'),
        idsField: 'organizationScopeIds',
        createField: 'organizationScopeIds',
      },
      {
        field: 'resourceScopes',
        target: 'resources.scopes',
        list: op('GET', '/api/organization-roles/{id}/resource-scopes'),
        add: op('POST', '/api/organization-roles/{id}/resource-scopes'),
        remove: op('DELETE', '/api/organization-roles/{id}/resource-scopes/{scopeId}'),
        idsField: 'scopeIds',
        createField: 'resourceScopeIds',
      },
    ],
  },
  {
    name: 'applications',
    shape: 'collection',
    key: 'name',
    unique: false,
    list: op('GET', '/api/applications'),
    create: op('POST', '/api/applications'),
    update: op('PATCH', '/api/applications/{id}'),
    delete: op('DELETE', '/api/applications/{id}'),
    // Secrets are Logto's to generate; protected-app metadata carries per-tenant hosts; isAdmin is a write-only switch.
    ignore: ['secret', 'protectedAppMetadata', 'isAdmin'],
    links: [
      {
        field: 'roles',
        target: 'roles',
        list: op('GET', '/api/applications/{applicationId}/roles'),
        add: op('POST', '/api/applications/{applicationId}/roles'),
        remove: op('DELETE', '/api/applications/{applicationId}/roles/{roleId}'),
        idsField: 'roleIds',
        appliesTo: { test: (entry) => entry.type === 'MachineToMachine', entries: 'machine-to-machine applications (type: MachineToMachine)' },
      },
    ],
    // SAML apps are set up through /api/saml-applications, protected apps with per-tenant hosts: neither fits a portable file.
    leftAlone: (entry, context) =>
      BUILT_IN_APPLICATIONS.has(String(entry.id)) || context.ownClientIds.includes(String(entry.id)) || entry.type === 'SAML' || entry.type === 'Protected',
  },
  {
    name: 'hooks',
    shape: 'collection',
    key: 'name',
    unique: false,
    list: op('GET', '/api/hooks'),
    create: op('POST', '/api/hooks'),
    update: op('PATCH', '/api/hooks/{id}'),
    delete: op('DELETE', '/api/hooks/{id}'),
    // The signing key is Logto's to generate; `event` is the deprecated single-event form of `events`.
    ignore: ['signingKey', 'event', 'executionStats'],
    secrets: [/^config\.headers\./],
  },
  {
    name: 'connectors',
    shape: 'collection',
    key: 'connectorId',
    unique: false,
    list: op('GET', '/api/connectors'),
    create: op('POST', '/api/connectors'),
    update: op('PATCH', '/api/connectors/{id}'),
    delete: op('DELETE', '/api/connectors/{id}'),
    secrets: [/^config\.(.*\.)?[^.]*(secret|pass|token|key|credential)[^.]*$/i],
  },
  {
    name: 'ssoConnectors',
    shape: 'collection',
    key: 'connectorName',
    unique: true,
    list: op('GET', '/api/sso-connectors'),
    create: op('POST', '/api/sso-connectors'),
    update: op('PATCH', '/api/sso-connectors/{id}'),
    delete: op('DELETE', '/api/sso-connectors/{id}'),
    secrets: [/^config\.(.*\.)?[^.]*(secret|pass|token|key|credential)[^.]*$/i],
  },
  {
    name: 'jwtCustomizers',
    shape: 'collection',
    key: 'tokenType',
    unique: true,
    list: op('GET', '/api/configs/jwt-customizer'),
    create: op('PUT', '/api/configs/jwt-customizer/{tokenTypePath}'),
    update: op('PUT', '/api/configs/jwt-customizer/{tokenTypePath}'),
    delete: op('DELETE', '/api/configs/jwt-customizer/{tokenTypePath}'),
    pathId: 'tokenType',
    secrets: [/^environmentVariables\./],
    fromList: (item) => ({ tokenType: JWT_TOKEN_TYPES[String(item.key)] ?? item.key, ...(item.value as object) }),
  },
  {
    name: 'customProfileFields',
    shape: 'collection',
    key: 'name',
    unique: true,
    list: op('GET', '/api/custom-profile-fields'),
    create: op('POST', '/api/custom-profile-fields'),
    update: op('PUT', '/api/custom-profile-fields/{name}'),
    delete: op('DELETE', '/api/custom-profile-fields/{name}'),
    pathId: 'name',
    // The request bodies are documented as a oneOf per field type, so the fields are named here.
    fields: ['name', 'type', 'label', 'description', 'required', 'config'],
  },
  {
    name: 'signInExperience',
    shape: 'singleton',
    get: op('GET', '/api/sign-in-exp'),
    update: op('PATCH', '/api/sign-in-exp'),
    // An uploaded custom UI bundle is per tenant, not configuration a file can carry.
    ignore: ['customUiAssets'],
  },
  {
    name: 'accountCenter',
    shape: 'singleton',
    get: op('GET', '/api/account-center'),
    update: op('PATCH', '/api/account-center'),
  },
];

export const kindNamed = (name: string) => KINDS.find((kind) => kind.name === name);
export const childrenOf = (parent: string) => KINDS.filter((kind) => kind.parent?.kind === parent);
/** Kinds a file or `--only` can name: the top-level ones. */
export const TOP_KINDS = KINDS.filter((kind) => !kind.parent);
