// --query: a JMESPath expression (the aws/az convention), compiled before any request is sent.
import { usageError } from '../errors';

export type Query = (value: unknown) => unknown;

type JmesPath = typeof import('@jmespath-community/jmespath');

/** Where the parser gave up: the offending token's offset, or the end for a premature EOF. */
function position(jmespath: JmesPath, expression: string, message: string): number {
  if (/EOF/.test(message)) return expression.length;
  try {
    const tokens = jmespath.tokenize(expression);
    const type = /\((\w+)\)/.exec(message)?.[1] ?? /type: (\w+)/.exec(message)?.[1];
    const found = type ? tokens.filter((token) => token.type === type).at(-1) : undefined;
    return found?.start ?? 0;
  } catch (error) {
    const unknown = /unknown character: (.)/.exec((error as Error).message)?.[1];
    return unknown ? Math.max(0, expression.indexOf(unknown)) : 0;
  }
}

export function compileQuery(expression: string, flag = '--query'): Query {
  const jmespath = require('@jmespath-community/jmespath') as JmesPath;
  let compiled: ReturnType<JmesPath['compile']>;
  try {
    compiled = jmespath.compile(expression);
  } catch (error) {
    const message = (error as Error).message;
    const at = position(jmespath, expression, message);
    throw usageError(`invalid ${flag} at position ${at} (${expression.slice(0, at)}»${expression.slice(at)}): ${message.replace(/^Syntax error[:,]\s*/, '')}`);
  }
  return (value) => {
    try {
      return jmespath.TreeInterpreter.search(compiled, value as never);
    } catch (error) {
      throw usageError(`${flag} failed: ${(error as Error).message}`);
    }
  };
}
