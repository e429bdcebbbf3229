// How `hooks listen` learns it must stop, whatever stops it.
export type StopReason = 'SIGINT' | 'SIGTERM' | 'output closed';

/**
 * Watches for Ctrl-C (the CLI's signal), SIGTERM, SIGHUP and a closed stdout (`| head -1`)
 * from before the webhook exists, so that none of them can end the process between
 * registering the webhook and deleting it.
 */
export function stopSignals(signal: AbortSignal | undefined): { stopped: Promise<StopReason>; dispose(): void } {
  let resolve!: (how: StopReason) => void;
  const stopped = new Promise<StopReason>((done) => (resolve = done));
  const onTerm = () => resolve('SIGTERM');
  const onInt = () => resolve('SIGINT');
  const onClosed = () => resolve('output closed');
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onTerm);
  process.stdout.on('error', onClosed);
  if (signal?.aborted) onInt();
  signal?.addEventListener('abort', onInt, { once: true });
  return {
    stopped,
    dispose: () => {
      process.removeListener('SIGTERM', onTerm);
      process.removeListener('SIGHUP', onTerm);
      process.stdout.removeListener('error', onClosed);
      signal?.removeEventListener('abort', onInt);
    },
  };
}
