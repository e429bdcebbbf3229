// `hooks listen`: a local listener, a temporary webhook pointing at it, each delivery's
// signature checked, printed and (with --forward-to) passed on. The webhook is deleted
// however the command ends: Ctrl-C, SIGTERM, SIGHUP or an error.
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Session } from '../auth/session';
import { CliError, ExitCode } from '../errors';
import type { IO } from '../output/io';
import { deliveryLine, type Delivery } from './delivery';
import { forward, type Forwarded } from './forward';
import { startListener, type Answer } from './listener';
import { SIGNATURE_HEADER, signatureMatches } from './signature';
import { stopSignals } from './stop-signals';
import { deleteHook, registerHook, removeStaleHooks, type Hook } from './temporary-hook';

export interface ListenOptions {
  events: string[];
  forwardTo?: URL;
  publicUrl?: URL;
  host: string;
  port: number;
  format: 'line' | 'ndjson';
}

export async function listen(session: Session, io: IO, options: ListenOptions, signal?: AbortSignal): Promise<void> {
  const instance = randomBytes(4).toString('hex');
  const stale = await removeStaleHooks(session);
  if (stale.length > 0) io.err(`Removed ${stale.length} temporary webhook${stale.length > 1 ? 's' : ''} left by listeners that are gone: ${stale.join(', ')}\n`);

  let hook: Hook | undefined;
  let hookReady!: (hook: Hook) => void;
  const registered = new Promise<Hook>((resolve) => (hookReady = resolve));

  const onDelivery = async (headers: IncomingHttpHeaders, body: Buffer, remote: string | undefined): Promise<Answer> => {
    const receivedAt = new Date().toISOString();
    const { signingKey, id } = await registered;
    let payload: { event?: string; hookId?: string } | undefined;
    try {
      payload = JSON.parse(body.toString('utf8')) as typeof payload;
    } catch {
      payload = undefined;
    }
    if (!signatureMatches(signingKey, body, headers[SIGNATURE_HEADER])) {
      const why = headers[SIGNATURE_HEADER] ? 'a signature that does not match the hook\'s signing key' : `no ${SIGNATURE_HEADER} header`;
      io.err(`warning: refused a delivery${payload?.event ? ` of ${payload.event}` : ''} from ${remote ?? 'an unknown address'} with ${why}\n`);
      return { status: 401, body: JSON.stringify({ error: 'invalid signature' }) };
    }
    const delivery: Delivery = { receivedAt, event: payload?.event, hookId: payload?.hookId ?? id, payload: payload ?? body.toString('utf8') };
    let answer: Answer = { status: 200, body: JSON.stringify({ received: true }) };
    if (options.forwardTo) {
      const sent: Forwarded = await forward(options.forwardTo, headers, body, session.transport);
      delivery.forward = { url: options.forwardTo.href, ...(sent.status !== undefined ? { status: sent.status } : { error: sent.error }), ms: Math.round(sent.ms * 10) / 10 };
      // Logto records (and retries on) the local endpoint's own answer, as it would in production.
      answer = sent.status !== undefined ? { status: sent.status, contentType: sent.contentType, body: sent.body ?? '' } : { status: 502, body: JSON.stringify({ error: sent.error }) };
    }
    io.out(options.format === 'line' ? deliveryLine(delivery, io.color) : `${JSON.stringify(delivery)}\n`);
    return answer;
  };

  let listener;
  try {
    listener = await startListener({ host: options.host, port: options.port, instance }, onDelivery);
  } catch (error) {
    throw new CliError(`cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`, ExitCode.usage);
  }
  const stop = stopSignals(signal);
  try {
    if (signal?.aborted) throw new CliError('interrupted', ExitCode.interrupted);
    hook = await registerHook(session, instance, options.publicUrl?.href ?? listener.url, options.events);
    hookReady(hook);
    io.err(
      `Listening on ${listener.url} for ${options.events.join(', ')}; temporary webhook ${hook.id} points at ${hook.config.url}` +
        `${options.forwardTo ? `; forwarding to ${options.forwardTo.href}` : ''}. Ctrl-C to stop.\n`,
    );
    const stoppedBy = await stop.stopped;
    if (stoppedBy === 'SIGINT') throw new CliError('interrupted', ExitCode.interrupted);
    throw new CliError(stoppedBy === 'SIGTERM' ? 'terminated' : 'stdout was closed', ExitCode.terminated);
  } finally {
    await listener.close();
    if (hook) {
      try {
        await deleteHook(session, hook.id);
        io.err(`Deleted temporary webhook ${hook.id}.\n`);
      } catch (error) {
        io.err(`warning: could not delete temporary webhook ${hook.id} (${(error as Error).message}); the next logto hooks listen removes it\n`);
      }
    }
    stop.dispose();
  }
}
