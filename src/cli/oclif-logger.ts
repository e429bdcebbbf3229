// oclif logs through the `debug` package, which it loads and sets up on every start (~3 ms)
// to print nothing unless DEBUG is set. Without DEBUG, oclif gets a logger that prints nothing.
import type { Logger } from '@oclif/core/interfaces';

function silent(namespace: string): Logger {
  const nothing = () => undefined;
  return { namespace, child: (name) => silent(`${namespace}:${name}`), debug: nothing, error: nothing, info: nothing, trace: nothing, warn: nothing };
}

/** undefined when DEBUG is set: then oclif makes its own `debug` logger, as usual. */
export function oclifLogger(env: NodeJS.ProcessEnv): Logger | undefined {
  return env.DEBUG ? undefined : silent('oclif');
}
