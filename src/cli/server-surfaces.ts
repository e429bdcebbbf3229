// For an unknown surface: does the server's own OpenAPI have it? Then `logto specs sync`
// is the answer. Only reached on that error path; a server that cannot be asked says no.
import { Session } from '../auth/session';
import { surfaceOfTag, WELL_KNOWN_DOCUMENTS } from '../catalog/openapi/import';
import { send } from '../request/send';
import type { CommandContext } from './context';

const LOOKUP_TIMEOUT_MS = 5_000;

export async function serverHasSurface(name: string, argv: string[], context: CommandContext): Promise<boolean> {
  try {
    const flag = (flagName: string) => {
      const at = argv.findIndex((arg) => arg === `--${flagName}` || arg.startsWith(`--${flagName}=`));
      return at < 0 ? undefined : argv[at].includes('=') ? argv[at].slice(argv[at].indexOf('=') + 1) : argv[at + 1];
    };
    const session = new Session({ endpoint: flag('endpoint'), tenant: flag('tenant'), profile: flag('profile') }, context.env, context.io, { verbose: false, timeoutMs: LOOKUP_TIMEOUT_MS });
    const endpoint = session.endpoint();
    for (const document of WELL_KNOWN_DOCUMENTS) {
      const path = `${endpoint.pathname.replace(/\/+$/, '')}${document}`;
      const response = await send({ method: 'GET', origin: endpoint.origin, path, headers: { accept: 'application/json' } }, { ...session.transport, acceptErrors: true });
      const paths = (response.data as { paths?: Record<string, Record<string, { tags?: string[] }>> } | undefined)?.paths;
      if (response.status >= 400 || typeof paths !== 'object' || paths === null) continue;
      const tags = Object.values(paths).flatMap((item) => Object.values(item ?? {}).map((operation) => operation?.tags?.[0]));
      if (tags.some((tag) => typeof tag === 'string' && surfaceOfTag(tag) === name)) return true;
    }
  } catch {
    // No endpoint, no keychain, no answer: nothing to suggest.
  }
  return false;
}
