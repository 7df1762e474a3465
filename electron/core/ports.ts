// What the engine needs from outside, as small interfaces: the Electron shell, the CLI and the
// tests each bind their own.
import type { SecretName } from '../../shared/account';
import { stringifyPaced } from './cooperative';

/** The WHATWG fetch signature: Node's global fetch, Electron's net.fetch, or a test's. */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** Besides its secrets, each account has one entry recording the origins they were saved for. */
export const ORIGINS_ENTRY = 'origins';
export type SecretEntryName = SecretName | typeof ORIGINS_ENTRY;

/** The OS keychain (keytar) in the app and CLI; one entry per account and secret name. */
export interface SecretStore {
  get(accountId: string, name: SecretEntryName): Promise<string | null>;
  set(accountId: string, name: SecretEntryName, value: string): Promise<void>;
  delete(accountId: string, name: SecretEntryName): Promise<void>;
}

/** A secret store held in memory: for tests and for the demo account, whose secrets are not real. */
export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();

  async get(accountId: string, name: SecretEntryName): Promise<string | null> {
    return this.values.get(`${accountId}/${name}`) ?? null;
  }

  async set(accountId: string, name: SecretEntryName, value: string): Promise<void> {
    this.values.set(`${accountId}/${name}`, value);
  }

  async delete(accountId: string, name: SecretEntryName): Promise<void> {
    this.values.delete(`${accountId}/${name}`);
  }
}

/** Opens a URL in the user's browser (the system browser for OAuth sign-in). */
export type OpenExternal = (url: string) => Promise<void>;

/**
 * Persisted engine state (seen alerts, outbox, task snapshots): electron-store in the app, conf
 * in the CLI. Values come back as `unknown`: every reader validates what it reads.
 */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** A store held in memory, for tests and one-shot CLI commands that keep nothing. */
export class MemoryStore implements KeyValueStore {
  private readonly values = new Map<string, string>();

  get(key: string): unknown {
    const value = this.values.get(key);
    // Stored as JSON text so readers see exactly what a file-backed store would give back.
    return value === undefined ? undefined : JSON.parse(value);
  }

  set(key: string, value: unknown): void {
    this.values.set(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.values.delete(key);
  }
}

/** A document that is on disk but is not JSON: the store cannot give it back. */
export class UnreadableStateError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'UnreadableStateError';
  }
}

/** Gives a claim back. */
export type Release = () => Promise<void>;

export interface ClaimOptions {
  /** A claim held longer than this is taken over (its holder froze, or its pid was reused). */
  staleAfterMs?: number;
}

/**
 * The engine's persisted state as documents by key (`outbox/<id>`, `snapshot/<account>`…),
 * read and written without blocking the thread. Several processes (the tray app, `tasktray
 * watch`, one-shot commands) may share one store: each write replaces one document atomically,
 * and a claim keeps a piece of work to one process at a time.
 */
export interface StateStore {
  /** The document, or undefined when there is none; UnreadableStateError when it is not JSON. */
  read(key: string): Promise<unknown>;
  write(key: string, value: unknown): Promise<void>;
  /**
   * As `write`, for a large document, serialised in slices so the thread is never held long;
   * `value` must not change until it resolves (or only in ways a later write of it records).
   * Stores without it take `write`.
   */
  writePaced?(key: string, value: unknown): Promise<void>;
  /**
   * Names the document's current version (undefined when there is none): the same while it is
   * unchanged, another after any write. A reader that keeps what it read by this need not read a
   * document again until it changes. Stores without it are read each time.
   */
  stamp?(key: string): Promise<string | undefined>;
  delete(key: string): Promise<void>;
  /** The keys under a folder (`outbox` → `outbox/<id>`…). */
  list(folder: string): Promise<string[]>;
  /** Moves an unreadable document aside, so it is no longer read; says where it went. */
  keepAside(key: string, now: number): Promise<string>;
  /**
   * Takes `name` for this process unless another live process holds it: null then. A claim
   * older than `staleAfterMs` (default: the store's own) is taken over whoever holds it.
   */
  claim(name: string, options?: ClaimOptions): Promise<Release | null>;
}

/** A StateStore held in memory: tests, the demo, the browser test host. Engines may share one. */
export class MemoryStateStore implements StateStore {
  private readonly docs = new Map<string, string>();
  private readonly claims = new Set<string>();
  /** The last write or delete asked for, per key: a paced write that finishes later loses. */
  private readonly latest = new Map<string, number>();
  private writes = 0;

  private ticket(key: string): number {
    this.writes += 1;
    this.latest.set(key, this.writes);
    return this.writes;
  }

  async read(key: string): Promise<unknown> {
    const text = this.docs.get(key);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new UnreadableStateError(key, (error as Error).message);
    }
  }

  async write(key: string, value: unknown): Promise<void> {
    this.ticket(key);
    this.docs.set(key, JSON.stringify(value));
  }

  /**
   * As the file store does: a large document (a 10,000-task snapshot) is serialised in slices, so
   * the demo and the browser test host hold the thread no longer than the app does.
   */
  async writePaced(key: string, value: unknown): Promise<void> {
    const mine = this.ticket(key);
    const text = await stringifyPaced(value);
    if (this.latest.get(key) === mine) this.docs.set(key, text as string);
  }

  async delete(key: string): Promise<void> {
    this.ticket(key);
    this.docs.delete(key);
  }

  async list(folder: string): Promise<string[]> {
    return [...this.docs.keys()].filter((key) => key.startsWith(`${folder}/`));
  }

  async keepAside(key: string, now: number): Promise<string> {
    const aside = `corrupt/${key.replaceAll('/', '.')}.${now}`;
    const text = this.docs.get(key);
    if (text !== undefined) this.docs.set(aside, text);
    this.docs.delete(key);
    return aside;
  }

  async claim(name: string): Promise<Release | null> {
    if (this.claims.has(name)) return null;
    this.claims.add(name);
    return async () => {
      this.claims.delete(name);
    };
  }

  /** For tests: put raw text under a key, as a damaged file would hold. */
  putRaw(key: string, text: string): void {
    this.docs.set(key, text);
  }

  /** For tests: the raw text under a key. */
  raw(key: string): string | undefined {
    return this.docs.get(key);
  }
}
