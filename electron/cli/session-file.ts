// Where the keychain is missing (a server, a container, CI), the CLI keeps its sessions in a
// file only its user can read: the short-lived GeoTareas JWT and the single-use refresh token
// that replaced one given by environment variable. Never a password, API key or client secret:
// those stay in the keychain or the environment. Without it every one-shot command signed in
// again, and a few in a row ran into GeoTareas' login limit (5 per 30 s).
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SecretName } from '../../shared/account';
import { keptAsideName } from '../core/keep-aside';
import type { SecretStore } from '../core/ports';
import { KeychainUnavailableError } from '../platform/keychain';

export const SESSION_FILE_NAME = 'sessions.json';
/** The only secrets the file may hold: tokens that expire or are spent on use. */
export const SESSION_SECRET_NAMES: readonly SecretName[] = ['accessToken', 'refreshToken'];

const SessionFileSchema = z.object({
  version: z.literal(1),
  tokens: z.record(z.string(), z.string()),
  /** Which environment-given refresh token a stored one replaced (its SHA-256). */
  seeds: z.record(z.string(), z.string()),
});
type SessionData = z.infer<typeof SessionFileSchema>;

const keyOf = (accountId: string, name: SecretName) => `${accountId}/${name}`;

export class SessionFile {
  readonly path: string;

  constructor(dir: string) {
    this.path = join(dir, SESSION_FILE_NAME);
  }

  private read(): SessionData {
    if (!existsSync(this.path)) return { version: 1, tokens: {}, seeds: {} };
    try {
      return SessionFileSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch {
      // Only sessions: kept aside, they cost one sign-in to replace.
      renameSync(this.path, keptAsideName(this.path, Date.now()));
      return { version: 1, tokens: {}, seeds: {} };
    }
  }

  private write(data: SessionData): void {
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, this.path);
  }

  getToken(accountId: string, name: SecretName): string | null {
    return this.read().tokens[keyOf(accountId, name)] ?? null;
  }

  setToken(accountId: string, name: SecretName, value: string): void {
    if (!SESSION_SECRET_NAMES.includes(name))
      throw new Error(`The session file keeps only session tokens, not ${name}.`);
    const data = this.read();
    data.tokens[keyOf(accountId, name)] = value;
    this.write(data);
  }

  deleteToken(accountId: string, name: SecretName): void {
    const data = this.read();
    const key = keyOf(accountId, name);
    if (!(key in data.tokens)) return;
    delete data.tokens[key];
    this.write(data);
  }

  seed(accountId: string, name: SecretName): string | null {
    return this.read().seeds[keyOf(accountId, name)] ?? null;
  }

  setSeed(accountId: string, name: SecretName, hash: string): void {
    const data = this.read();
    data.seeds[keyOf(accountId, name)] = hash;
    this.write(data);
  }
}

/** The keychain, falling back to the session file for session tokens when there is none. */
export class SessionCachingSecretStore implements SecretStore {
  constructor(
    private readonly keychain: SecretStore,
    private readonly file: SessionFile,
  ) {}

  private static isSession(name: SecretName): boolean {
    return SESSION_SECRET_NAMES.includes(name);
  }

  async get(accountId: string, name: SecretName): Promise<string | null> {
    try {
      return await this.keychain.get(accountId, name);
    } catch (error) {
      if (
        !(error instanceof KeychainUnavailableError) ||
        !SessionCachingSecretStore.isSession(name)
      )
        throw error;
      return this.file.getToken(accountId, name);
    }
  }

  async set(accountId: string, name: SecretName, value: string): Promise<void> {
    try {
      await this.keychain.set(accountId, name, value);
    } catch (error) {
      if (
        !(error instanceof KeychainUnavailableError) ||
        !SessionCachingSecretStore.isSession(name)
      )
        throw error;
      this.file.setToken(accountId, name, value);
    }
  }

  async delete(accountId: string, name: SecretName): Promise<void> {
    if (SessionCachingSecretStore.isSession(name)) this.file.deleteToken(accountId, name);
    try {
      await this.keychain.delete(accountId, name);
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
    }
  }
}
