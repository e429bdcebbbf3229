// Passes a delivery on to --forward-to with Logto's headers and the exact body bytes,
// so that the local endpoint can check the signature itself.
import type { Transport } from '../auth/oidc';
import { CliError } from '../errors';
import { send } from '../request/send';

/** Headers that describe one hop, not the delivery. */
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'expect', 'upgrade', 'proxy-connection', 'te', 'trailer']);

export interface Forwarded {
  status?: number;
  contentType?: string;
  body?: string;
  error?: string;
  ms: number;
}

export function forwardHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name.toLowerCase())) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export async function forward(target: URL, headers: Record<string, string | string[] | undefined>, body: Buffer, transport: Transport): Promise<Forwarded> {
  const started = performance.now();
  try {
    const response = await send(
      { method: 'POST', origin: target.origin, path: `${target.pathname}${target.search}`, headers: forwardHeaders(headers), body },
      { ...transport, acceptErrors: true },
    );
    const contentType = response.headers['content-type'];
    const text = response.data === undefined ? '' : typeof response.data === 'string' ? response.data : JSON.stringify(response.data);
    return { status: response.status, contentType: Array.isArray(contentType) ? contentType[0] : contentType, body: text, ms: performance.now() - started };
  } catch (error) {
    return { error: error instanceof CliError ? error.message : String(error), ms: performance.now() - started };
  }
}
