import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifFlags, type FlagValues } from '../../src/cli/flags';
import { spawn } from 'node:child_process';
import { endpointFromFlags, endpointFromProfile, parseEndpoint, tenantEndpoint } from '../../src/auth/credentials';
import { loginBrowser, loginDevice, loginM2m, loginPassword, loginPat, loginWithToken, storageFor, type LoginResult } from '../../src/auth/login';
import { DEFAULT_USER_SCOPE, userScope } from '../../src/auth/scopes';
import type { Session } from '../../src/auth/session';
import { CONNECTION_FLAGS, outputFor, sessionFor, withOutputFlags } from '../../src/cli/builtin-flags';
import { CliError, ExitCode, usageError } from '../../src/errors';
import { printData } from '../../src/output/format';

const METHODS = ['m2m', 'device', 'browser', 'password', 'pat', 'with-token'] as const;
type Method = (typeof METHODS)[number];

const METHOD_CHOICES: { value: Method; name: string }[] = [
  { value: 'm2m', name: 'Machine-to-machine app (Management API)' },
  { value: 'password', name: 'Username and password, headless (my-account)' },
  { value: 'device', name: 'Device code in a browser elsewhere (my-account)' },
  { value: 'browser', name: 'Browser on this machine (my-account)' },
  { value: 'pat', name: 'Personal access token (my-account)' },
  { value: 'with-token', name: 'Paste an access token' },
];

type Prompts = typeof import('@inquirer/prompts');
const prompts = async (): Promise<Prompts> => import('@inquirer/prompts');

/** A secret from stdin (for scripts), a hidden prompt (on a terminal), or a plain flag (with a warning). */
async function secret(values: FlagValues, context: CommandContext, options: { stdinFlag: string; flag?: string; message: string }): Promise<string> {
  if (values[options.stdinFlag]) {
    const value = (await context.io.readStdin()).replace(/\r?\n$/, '');
    if (!value) throw usageError(`--${options.stdinFlag} read nothing from stdin`);
    return value;
  }
  if (options.flag && typeof values[options.flag] === 'string') {
    context.io.err(`warning: --${options.flag} puts the secret in shell history and the process list; prefer --${options.stdinFlag}\n`);
    return values[options.flag] as string;
  }
  if (!context.io.stdinIsTTY) throw usageError(`no terminal to ask for the ${options.message.toLowerCase()}: pass --${options.stdinFlag}`);
  return (await prompts()).password({ message: options.message, mask: '*' });
}

async function askOrFlag(values: FlagValues, context: CommandContext, name: string, message: string, fallback?: string): Promise<string> {
  const value = values[name];
  if (typeof value === 'string' && value) return value;
  if (!context.io.stdinIsTTY) {
    if (fallback) return fallback;
    throw usageError(`missing required flag: --${name}`);
  }
  return (await prompts()).input({ message, default: fallback, required: true });
}

function endpointFromAnswer(answer: string): URL {
  return /^https?:\/\//.test(answer) ? parseEndpoint(answer, 'the endpoint') : tenantEndpoint(answer, 'the tenant id');
}

function chosenMethod(values: FlagValues): Method | undefined {
  const chosen = METHODS.filter((method) => values[method] === true);
  if (chosen.length > 1) throw usageError(`choose one sign-in method, not ${chosen.map((method) => `--${method}`).join(' and ')}`);
  return chosen[0];
}

function openBrowser(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

async function login(method: Method, values: FlagValues, context: CommandContext, session: Session, endpoint: URL): Promise<LoginResult> {
  const storage = storageFor(session, values['insecure-storage'] === true);
  const scope = userScope(values.scope as string | undefined, values['add-scope'] as string | undefined);
  if (method === 'm2m' && (values.scope !== undefined || values['add-scope'] !== undefined)) throw usageError('--scope and --add-scope are for user sign-ins; --m2m always asks for the Management API scope all');
  if (method === 'with-token') return loginWithToken(session, storage, endpoint, await secret(values, context, { stdinFlag: 'with-token', message: 'Access token' }));
  const known = method === 'm2m' ? session.profile['m2m-client-id'] : session.profile['client-id'];
  const clientId = await askOrFlag(values, context, 'client-id', method === 'm2m' ? 'Machine-to-machine app ID' : 'Application (client) ID', known);
  switch (method) {
    case 'm2m':
      return loginM2m(session, storage, endpoint, clientId, await secret(values, context, { stdinFlag: 'client-secret-stdin', flag: 'client-secret', message: 'Client secret' }), values.resource as string | undefined);
    case 'pat':
      return loginPat(session, storage, endpoint, clientId, await secret(values, context, { stdinFlag: 'pat-stdin', message: 'Personal access token' }), scope);
    case 'device':
      return loginDevice(session, storage, endpoint, clientId, scope);
    case 'browser':
      return loginBrowser(session, storage, endpoint, clientId, { scope, ...(values.open === false ? {} : { openBrowser }) });
    case 'password': {
      const redirectUri = await askOrFlag(values, context, 'redirect-uri', 'Redirect URI registered for the app', session.profile['redirect-uri']);
      const username = await askOrFlag(values, context, 'username', 'Username or email', session.profile.username);
      const password = await secret(values, context, { stdinFlag: 'password-stdin', message: 'Password' });
      return loginPassword(session, storage, endpoint, { clientId, redirectUri, username, password, scope });
    }
  }
}

export default class AuthLoginCommand extends BuiltinCommand {
  static summary = 'Sign in once; every surface then gets the right token by itself';

  static description = [
    'A profile holds a management credential (--m2m) and a user sign-in (--password, --device, --browser, --pat,',
    '--with-token) side by side: signing in one way keeps the other. The endpoint comes from the flags, LOGTO_ENDPOINT,',
    'or the profile. Without a method flag on a terminal, asks for the endpoint and the method.',
    'Settings go to $XDG_CONFIG_HOME/logto/config.yaml; secrets to the OS keychain (or, with',
    '--insecure-storage, a 0600 file in $XDG_STATE_HOME/logto/).',
  ].join('\n');

  static flags = oclifFlags(withOutputFlags([
    { name: 'm2m', kind: 'boolean', description: 'Machine-to-machine app: client credentials for the Management API' },
    { name: 'password', kind: 'boolean', description: 'Headless username/password sign-in through the Experience API' },
    { name: 'device', kind: 'boolean', description: 'OAuth device authorization (RFC 8628)' },
    { name: 'browser', kind: 'boolean', description: 'Authorization code with PKCE on a loopback redirect' },
    { name: 'pat', kind: 'boolean', description: 'Exchange a personal access token (RFC 8693), read with --pat-stdin or a prompt' },
    { name: 'with-token', kind: 'boolean', description: 'Store an access token read from stdin' },
    { name: 'client-id', kind: 'string', value: 'ID', description: 'The Logto application id' },
    { name: 'client-secret-stdin', kind: 'boolean', description: 'Read the client secret from stdin' },
    { name: 'client-secret', kind: 'string', value: 'SECRET', description: 'The client secret (discouraged: visible in ps and shell history)' },
    { name: 'password-stdin', kind: 'boolean', description: 'Read the password from stdin' },
    { name: 'pat-stdin', kind: 'boolean', description: 'Read the personal access token from stdin' },
    { name: 'redirect-uri', kind: 'string', value: 'URI', description: 'Redirect URI registered for the app (--password)' },
    { name: 'username', kind: 'string', value: 'NAME', description: 'Username, email or phone (--password)' },
    { name: 'scope', kind: 'string', value: 'SCOPES', description: `Scopes for user sign-ins, replacing the default (${DEFAULT_USER_SCOPE})` },
    { name: 'add-scope', kind: 'string', value: 'SCOPES', description: 'Scopes to ask for besides the default (or --scope), e.g. urn:logto:scope:trusted_devices' },
    { name: 'sync', kind: 'boolean', description: 'After --m2m, import the whole API (logto specs sync); --no-sync skips it. Asked on a terminal' },
    { name: 'resource', kind: 'string', value: 'URI', description: 'Management API resource indicator (default: derived from the endpoint)' },
    { name: 'open', kind: 'boolean', description: 'With --browser, open the sign-in page in a browser; --no-open only prints its URL' },
    { name: 'insecure-storage', kind: 'boolean', description: 'Keep secrets in a 0600 file instead of the OS keychain' },
    ...CONNECTION_FLAGS,
  ]));

  static examples = [
    'logto auth login',
    'printf %s "$SECRET" | logto auth login --m2m --client-id m2m_app --client-secret-stdin --endpoint https://auth.example.com',
    'printf %s "$PASSWORD" | logto auth login --password --client-id native_app --redirect-uri io.example://callback --username alice --password-stdin',
    'logto auth login --device --client-id device_app --tenant my-tenant',
  ];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const session = sessionFor(values, context);
    let method = chosenMethod(values);
    let endpoint = endpointFromFlags(session.flags, context.env) ?? endpointFromProfile(session.profile, session.profileName);
    if (!method || !endpoint) {
      if (!context.io.stdinIsTTY) {
        if (!endpoint) throw new CliError('no endpoint: pass --endpoint URL or --tenant ID, set LOGTO_ENDPOINT, or run logto config set endpoint URL', ExitCode.credentials);
        throw usageError(`choose a sign-in method: ${METHODS.map((one) => `--${one}`).join(', ')}`);
      }
      const { input, select } = await prompts();
      if (!endpoint) endpoint = endpointFromAnswer(await input({ message: 'Logto Cloud tenant id or self-hosted URL', required: true }));
      method ??= await select({ message: 'How do you want to sign in?', choices: METHOD_CHOICES });
    }
    const output = outputFor(values, context.io);
    if (values['insecure-storage']) context.io.err('warning: --insecure-storage keeps secrets in a plain 0600 file, not the OS keychain\n');
    const result = await login(method, values, context, session, endpoint);
    context.io.err(`Signed in to ${result.endpoint} as profile ${result.profile} (${result.method}).\n`);
    await printData(result, output, context.io);
    if (method === 'm2m') await offerSync(values, context);
  }
}

/** After an M2M login, the whole Management API is one `specs sync` away: do it if asked, offer it on a terminal. */
async function offerSync(values: FlagValues, context: CommandContext): Promise<void> {
  let sync = values.sync as boolean | undefined;
  if (sync === undefined && context.io.stdinIsTTY && context.io.stderrIsTTY) {
    sync = await (await prompts()).confirm({ message: 'Import the whole API now (logto specs sync), so that logto users, roles, applications, … work?', default: true });
  }
  if (sync) {
    const { syncSpecs } = require('../specs/sync') as typeof import('../specs/sync');
    await syncSpecs({ profile: values.profile, endpoint: values.endpoint, tenant: values.tenant, timeout: values.timeout, verbose: values.verbose }, context);
  } else if (sync === undefined) {
    context.io.err('Run logto specs sync to get a command for every Management API operation (users, roles, applications, …).\n');
  }
}
