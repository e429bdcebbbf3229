// The one seam for "which Logto, as whom": flags and environment variables first,
// then the profile (config.yaml for settings, the secret store for secrets). Config
// and keychain are only touched when flags and environment do not already answer.
import { CliError, ExitCode } from '../errors';
import type { IO } from '../output/io';
import { DEFAULT_PROFILE, loadConfig, profileName, type Profile } from '../config/config';
import { endpointFromFlags, endpointFromProfile, type ConnectionFlags } from './credentials';
import type { Transport } from './oidc';
import { openSecretStore, type SecretStore, type StorageKind } from './secret-store';

export type SecretKind = 'client-secret' | 'refresh-token' | 'token:management' | 'token:account' | 'static-token' | 'verification' | 'experience';
/** The management credential: an M2M app's secret and its cached token. */
export const M2M_SECRETS: SecretKind[] = ['client-secret', 'token:management'];
/** The user sign-in: tokens, a pasted token, and a verification record for sensitive operations. */
export const USER_SECRETS: SecretKind[] = ['refresh-token', 'token:account', 'static-token', 'verification'];
export const SECRET_KINDS: SecretKind[] = [...M2M_SECRETS, ...USER_SECRETS, 'experience'];

export interface SessionFlags extends ConnectionFlags {
  profile?: string;
}

export class Session {
  readonly profileName: string;
  readonly transport: Transport;
  private profileCache?: Profile;
  private secretStore?: Promise<SecretStore>;

  constructor(
    readonly flags: SessionFlags,
    readonly env: NodeJS.ProcessEnv,
    io: IO,
    options: { verbose: boolean; timeoutMs: number },
  ) {
    this.profileName = profileName(flags.profile, env);
    this.transport = { io, verbose: options.verbose, timeoutMs: options.timeoutMs };
  }

  get profile(): Profile {
    this.profileCache ??= loadConfig(this.env).profiles[this.profileName] ?? {};
    return this.profileCache;
  }

  /** --token or LOGTO_API_KEY: always wins when given. */
  get staticToken(): string | undefined {
    return this.flags.token || this.env.LOGTO_API_KEY || undefined;
  }

  /** `logto auth login <how>` for this profile, as a user would type it. */
  loginCommand(how: string): string {
    const explicit = this.profileName !== DEFAULT_PROFILE;
    return `logto auth login ${how}${explicit ? ` --profile ${this.profileName}` : ''}`;
  }

  endpoint(): URL {
    const endpoint = endpointFromFlags(this.flags, this.env) ?? endpointFromProfile(this.profile, this.profileName);
    if (!endpoint) {
      throw new CliError('no Logto endpoint configured: pass --endpoint URL or --tenant ID, set LOGTO_ENDPOINT, or run logto auth login', ExitCode.credentials);
    }
    return endpoint;
  }

  secrets(kind?: StorageKind): Promise<SecretStore> {
    if (kind && kind !== (this.profile.storage ?? 'keychain')) return openSecretStore(kind, this.env);
    this.secretStore ??= openSecretStore((this.profile.storage as StorageKind | undefined) ?? 'keychain', this.env);
    return this.secretStore;
  }

  secretAccount(kind: SecretKind): string {
    return `${this.profileName}:${kind}`;
  }

  async getSecret(kind: SecretKind): Promise<string | undefined> {
    return (await this.secrets()).get(this.secretAccount(kind));
  }

  async setSecret(kind: SecretKind, value: string): Promise<void> {
    await (await this.secrets()).set(this.secretAccount(kind), value);
  }

  async deleteSecret(kind: SecretKind): Promise<void> {
    await (await this.secrets()).delete(this.secretAccount(kind));
  }
}
