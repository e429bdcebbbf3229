import { CONNECTION_FLAGS, outputFor, sessionFor } from '../../src/cli/builtin-flags';
import { BuiltinCommand } from '../../src/cli/builtin-command';
import type { CommandContext } from '../../src/cli/context';
import { oclifArgs, oclifFlags, type FlagValues } from '../../src/cli/flags';
import { decodeClaims, truthy } from '../../src/claims/jwt';
import { claimsOfProfile, sideFor } from '../../src/claims/token-claims';
import { CliError, ExitCode, usageError } from '../../src/errors';
import { compileQuery } from '../../src/output/query';
import { printData } from '../../src/output/format';

export default class TestTokenCommand extends BuiltinCommand {
  static summary = "Print a fresh token's claims; --expect JMESPATH exits 1 when false";

  static description = [
    "Gets a new token for the profile (the signed-in user's refresh token, or with --m2m or on a profile without",
    "a user sign-in, the M2M app's client credentials) and prints its claims, decoded and not verified. For a user without --resource, the ID token's",
    'claims. With --expect, exits 1 when the JMESPath expression is false, null or empty: a CI check of a JWT',
    "customizer's output or of role -> scope wiring.",
  ].join('\n');

  static flags = oclifFlags([
    { name: 'resource', kind: 'string', value: 'URI', description: 'API resource indicator (default: the Management API for m2m)' },
    { name: 'scope', kind: 'string', value: 'SCOPES', description: 'Scopes to ask for, space-separated' },
    { name: 'expect', kind: 'string', value: 'JMESPATH', description: 'Exit 1 unless this expression is true of the claims' },
    { name: 'm2m', kind: 'boolean', description: "The M2M app's token, on a profile that also has a user sign-in" },
    { name: 'token-stdin', kind: 'boolean', description: 'Decode the token read from stdin instead of getting one' },
    ...CONNECTION_FLAGS,
  ]);

  static examples = [
    "logto test token --resource https://api.example.com --scope 'read:orders' --expect \"contains(scope, 'read:orders')\"",
    "logto test token --resource https://api.example.com --expect \"roles[?@ == 'admin'] | length(@) == \\`1\\`\"",
    "logto test user --client-id native_app --redirect-uri io.example://cb --ephemeral | jq -r .id_token | logto test token --token-stdin --expect sub",
  ];

  async execute(values: FlagValues, _args: string[], context: CommandContext): Promise<void> {
    const expectation = values.expect === undefined ? undefined : compileQuery(values.expect as string, '--expect');
    // Tokens and claims are nested documents: JSON unless another format is asked for.
    const how = outputFor(values, context.io, 'json');
    let claims: Record<string, unknown>;
    if (values['token-stdin']) {
      const token = (await context.io.readStdin()).trim();
      if (!token) throw usageError('--token-stdin read nothing from stdin');
      claims = decodeClaims(token, 'the token read from stdin');
    } else {
      const session = sessionFor(values, context);
      const side = sideFor(session, values.m2m === true);
      claims = await claimsOfProfile(session, { side, resource: values.resource as string | undefined, scope: values.scope as string | undefined });
    }
    await printData(claims, how, context.io);
    if (expectation) {
      const result = expectation(claims);
      if (!truthy(result)) throw new CliError(`expectation not met: ${values.expect as string} is ${JSON.stringify(result ?? null)}`, ExitCode.server);
      context.io.err(`Expectation met: ${values.expect as string}\n`);
    }
  }
}
