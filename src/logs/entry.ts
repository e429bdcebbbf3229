// An audit log entry as GET /api/logs answers it, and the one-line form shown on a terminal.
import { localDateTime } from '../output/clock';
import { painter } from '../output/paint';
import { escapeControl } from '../output/safe-text';

export interface LogEntry {
  id: string;
  key: string;
  createdAt: number;
  payload: { result?: string; userId?: string; applicationId?: string; ip?: string; error?: unknown; [key: string]: unknown };
  [key: string]: unknown;
}

export interface LogFilters {
  userId?: string;
  applicationId?: string;
  logKey?: string;
}

/** `2026-12-02 06:31:02  Interaction.SignIn.Submit  Success  user=u1  app=a1  ip=10.0.0.7` */
export function readableLine(entry: LogEntry, color: boolean): string {
  const { result, userId, applicationId, ip } = entry.payload ?? {};
  const paint = painter(color);
  // The server's text, with control characters escaped: it goes to a terminal.
  const shown = (value: unknown) => escapeControl(String(value ?? '-'));
  const shownResult = result === 'Error' ? paint('red', 'Error  ') : result === 'Success' ? paint('green', 'Success') : shown(result).padEnd(7);
  const parts = [localDateTime(entry.createdAt), shown(entry.key), shownResult, `user=${shown(userId)}`, `app=${shown(applicationId)}`, `ip=${shown(ip)}`];
  return `${parts.join('  ')}\n`;
}
