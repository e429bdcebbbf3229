// An audit log entry as GET /api/logs answers it, and the one-line form shown on a terminal.
import { localDateTime } from '../output/clock';

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
  const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[39m` : text);
  const shownResult = result === 'Error' ? paint(31, 'Error  ') : result === 'Success' ? paint(32, 'Success') : (result ?? '-').padEnd(7);
  const parts = [localDateTime(entry.createdAt), entry.key, shownResult, `user=${userId ?? '-'}`, `app=${applicationId ?? '-'}`, `ip=${ip ?? '-'}`];
  return `${parts.join('  ')}\n`;
}
