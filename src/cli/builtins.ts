// Hand-written commands, beside the generated ones. Summaries live here so that help
// lists them without loading their code; each module is required only when it runs.
import type { Command } from './command';

export interface Builtin {
  /** Words typed after `logto`, e.g. `auth login` or `experience start`. */
  id: string;
  summary: string;
  load(): Command;
}

const load = (module: string) => () => (require(module) as { command: Command }).command;

export const BUILTINS: Builtin[] = [
  { id: 'auth login', summary: 'Sign in once; every surface then gets the right token by itself', load: load('../../commands/auth/login') },
  { id: 'auth status', summary: "Show the profile's management and user credentials, identities and expiries", load: load('../../commands/auth/status') },
  { id: 'auth list', summary: 'List the profiles', load: load('../../commands/auth/list') },
  { id: 'auth token', summary: 'Print a valid access token', load: load('../../commands/auth/token') },
  { id: 'auth verify', summary: 'Get a verification record id for sensitive my-account operations', load: load('../../commands/auth/verify') },
  { id: 'auth logout', summary: "Remove the profile's credentials (--m2m or --user: only one of them)", load: load('../../commands/auth/logout') },
  { id: 'config get', summary: 'Print one setting of the profile', load: load('../../commands/config/get') },
  { id: 'config set', summary: 'Change one setting of the profile', load: load('../../commands/config/set') },
  { id: 'config list', summary: "List the profile's settings", load: load('../../commands/config/list') },
  { id: 'config profiles', summary: 'List the profiles (same as auth list)', load: load('../../commands/auth/list') },
  { id: 'api', summary: 'Call any Logto endpoint: logto api METHOD PATH', load: load('../../commands/api') },
  { id: 'batch', summary: 'Run many calls from NDJSON on stdin in one process', load: load('../../commands/batch') },
  { id: 'completion', summary: 'Print the shell completion script for bash, zsh or fish', load: load('../../commands/completion') },
  { id: 'mcp serve', summary: 'Serve every loaded operation as an MCP tool (stdio, or --http on 127.0.0.1)', load: load('../../commands/mcp/serve') },
  { id: 'mcp tools', summary: 'List the MCP tools that would be served', load: load('../../commands/mcp/tools') },
  { id: 'specs sync', summary: "Import the server's OpenAPI documents: every operation becomes a command", load: load('../../commands/specs/sync') },
  { id: 'specs list', summary: 'List the surfaces, their commands and where they came from', load: load('../../commands/specs/list') },
  { id: 'specs remove', summary: 'Remove synced surfaces', load: load('../../commands/specs/remove') },
  { id: 'experience start', summary: 'Start a sign-in or registration interaction', load: load('../../commands/experience/start') },
  { id: 'experience finish', summary: 'Finish the interaction: exchange the code and store the tokens', load: load('../../commands/experience/finish') },
];

/** The builtin named by the first one or two words of argv, if any. */
export function findBuiltin(argv: string[]): { builtin: Builtin; rest: string[] } | undefined {
  const two = BUILTINS.find((builtin) => builtin.id === `${argv[0]} ${argv[1]}`);
  if (two) return { builtin: two, rest: argv.slice(2) };
  const one = BUILTINS.find((builtin) => builtin.id === argv[0]);
  return one ? { builtin: one, rest: argv.slice(1) } : undefined;
}

/** Builtins under a topic word (`auth`), for topic help and for surfaces that have some (`experience`). */
export function builtinsUnder(topic: string): Builtin[] {
  return BUILTINS.filter((builtin) => builtin.id.startsWith(`${topic} `));
}
