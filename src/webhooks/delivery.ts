// What `hooks listen` prints for each verified delivery: one line on a terminal, one JSON object otherwise.
import { localTime } from '../output/clock';

export interface Delivery {
  receivedAt: string;
  event?: string;
  hookId?: string;
  forward?: { url: string; status?: number; error?: string; ms: number };
  payload: unknown;
}

export function deliveryLine(delivery: Delivery, color: boolean): string {
  const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[39m` : text);
  const parts = [localTime(Date.parse(delivery.receivedAt)), delivery.event ?? '(no event)'];
  const payload = delivery.payload as { userId?: string; user?: { id?: string }; data?: { id?: string } } | undefined;
  const subject = payload?.userId ?? payload?.user?.id;
  if (subject) parts.push(`user=${subject}`);
  const sent = delivery.forward;
  if (sent) {
    const status = sent.status === undefined ? paint(31, `failed: ${sent.error}`) : paint(sent.status < 300 ? 32 : 31, String(sent.status));
    parts.push(`-> ${sent.url} ${status} (${Math.round(sent.ms)} ms)`);
  }
  return `${parts.join('  ')}\n`;
}
