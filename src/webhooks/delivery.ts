// What `hooks listen` prints for each verified delivery: one line on a terminal, one JSON object otherwise.
import { localTime } from '../output/clock';
import { painter } from '../output/paint';
import { escapeControl } from '../output/safe-text';

export interface Delivery {
  receivedAt: string;
  event?: string;
  hookId?: string;
  forward?: { url: string; status?: number; error?: string; ms: number };
  payload: unknown;
}

export function deliveryLine(delivery: Delivery, color: boolean): string {
  const paint = painter(color);
  // What the server sent, with control characters escaped: it goes to a terminal.
  const parts = [localTime(Date.parse(delivery.receivedAt)), escapeControl(String(delivery.event ?? '(no event)'))];
  const payload = delivery.payload as { userId?: string; user?: { id?: string }; data?: { id?: string } } | undefined;
  const subject = payload?.userId ?? payload?.user?.id;
  if (subject) parts.push(`user=${escapeControl(String(subject))}`);
  const sent = delivery.forward;
  if (sent) {
    const status = sent.status === undefined ? paint('red', `failed: ${escapeControl(String(sent.error))}`) : paint(sent.status < 300 ? 'green' : 'red', String(sent.status));
    parts.push(`-> ${sent.url} ${status} (${Math.round(sent.ms)} ms)`);
  }
  return `${parts.join('  ')}\n`;
}
