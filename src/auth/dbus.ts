// Does the D-Bus session bus answer? A hung or half-started bus can block a native
// keychain call forever, so the keychain is touched only after the bus has said OK.
import { connect } from 'node:net';

const BUS_TIMEOUT_MS = 1000;

function socketPath(address: string): string | undefined {
  // e.g. unix:path=/run/user/1000/bus,guid=... or unix:abstract=/tmp/dbus-XXXX
  for (const candidate of address.split(';')) {
    const match = /^unix:(path|abstract)=([^,]+)/.exec(candidate);
    if (match) return match[1] === 'abstract' ? `\0${match[2]}` : match[2];
  }
  return undefined;
}

/** Resolves with a reason when the bus cannot be used, or undefined when it answered the SASL greeting. */
export function checkSessionBus(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const address = env.DBUS_SESSION_BUS_ADDRESS;
  if (!address) return Promise.resolve('no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)');
  const path = socketPath(address);
  if (!path) return Promise.resolve(`unsupported D-Bus address ${address.split(',')[0]}`);
  return new Promise((resolve) => {
    const socket = connect({ path });
    const done = (reason: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => done('the D-Bus session bus did not answer'), BUS_TIMEOUT_MS);
    const uid = Buffer.from(String(process.getuid?.() ?? 0)).toString('hex');
    socket.on('connect', () => socket.write(`\0AUTH EXTERNAL ${uid}\r\n`));
    socket.on('data', (data) => done(data.toString('latin1').startsWith('OK ') ? undefined : 'the D-Bus session bus refused authentication'));
    socket.on('error', (error: NodeJS.ErrnoException) => done(`the D-Bus session bus is unreachable (${error.code ?? error.message})`));
  });
}
