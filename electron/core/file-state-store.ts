// The engine's state as one JSON file per document in a folder, written with fs.promises so the
// thread never waits for the disk. Each write lands whole (a temporary file renamed over the old
// one); claims are lock files naming their process, so a crashed process never holds one.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { keptAsideName } from './keep-aside';
import { pace, stringifyPaced } from './cooperative';
import { UnreadableStateError, type ClaimOptions, type Release, type StateStore } from './ports';
import { runHandled } from '../../shared/detached';

/** A claim older than this is taken over even if its process seems alive (its pid was reused). */
export const CLAIM_STALE_MS = 15 * 60_000;

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isErrno(error, 'ESRCH');
  }
}

/**
 * Characters encoded and written at a time: a megabyte document encoded in one go held the thread
 * for milliseconds, as long as the slices the rest of the engine keeps to.
 */
export const WRITE_PIECE_CHARS = 64 * 1024;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** `writeFile(path, text, 'utf8')`, encoding and writing a piece at a time. */
async function writeInPieces(path: string, text: string): Promise<void> {
  if (text.length <= WRITE_PIECE_CHARS) {
    await writeFile(path, text, 'utf8');
    return;
  }
  const handle = await open(path, 'w');
  try {
    for (let start = 0; start < text.length;) {
      let end = Math.min(text.length, start + WRITE_PIECE_CHARS);
      // Never between the halves of a surrogate pair: each piece is encoded on its own.
      if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
      const bytes = Buffer.from(text.slice(start, end), 'utf8');
      for (let written = 0; written < bytes.length;) {
        const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
        written += bytesWritten;
      }
      start = end;
      await pace();
    }
  } finally {
    await handle.close();
  }
}

export class FileStateStore implements StateStore {
  /** Writes of one document, in order: a later value never lands before an earlier one. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(readonly dir: string) {}

  private file(key: string): string {
    return `${join(this.dir, ...key.split('/').map((part) => encodeURIComponent(part)))}.json`;
  }

  async read(key: string): Promise<unknown> {
    await this.queues.get(key);
    let text: string;
    try {
      text = await readFile(this.file(key), 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new UnreadableStateError(key, (error as Error).message);
    }
  }

  write(key: string, value: unknown): Promise<void> {
    return this.writeText(key, JSON.stringify(value));
  }

  /** As `write`, serialised a slice at a time (a large task list): `value` must not change. */
  writePaced(key: string, value: unknown): Promise<void> {
    return this.writeText(key, stringifyPaced(value));
  }

  /** Queued at once, so writes land in call order however long each takes to serialise. */
  private writeText(key: string, text: string | undefined | Promise<string | undefined>) {
    return this.enqueue(key, async () => {
      const body = await text;
      const file = this.file(key);
      await mkdir(dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
      // JSON.stringify's undefined fails here, as it always did: nothing is written.
      if (typeof body !== 'string') await writeFile(temporary, body as unknown as string, 'utf8');
      else await writeInPieces(temporary, body);
      await rename(temporary, file);
    });
  }

  /**
   * The file's inode, change time and size: every write renames a new file over the old one, so
   * any write changes it (even within the file system's time granularity, by the inode).
   */
  async stamp(key: string): Promise<string | undefined> {
    await this.queues.get(key);
    try {
      const info = await stat(this.file(key), { bigint: true });
      return `${info.ino}:${info.ctimeNs}:${info.mtimeNs}:${info.size}`;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    }
  }

  delete(key: string): Promise<void> {
    return this.enqueue(key, () => rm(this.file(key), { force: true }));
  }

  async list(folder: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(join(this.dir, ...folder.split('/').map(encodeURIComponent)));
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
    return names
      .filter((name) => name.endsWith('.json'))
      .map((name) => `${folder}/${decodeURIComponent(name.slice(0, -'.json'.length))}`);
  }

  keepAside(key: string, now: number): Promise<string> {
    const file = this.file(key);
    const aside = keptAsideName(file, now);
    return this.enqueue(key, () => rename(file, aside)).then(() => aside);
  }

  async claim(name: string, options: ClaimOptions = {}): Promise<Release | null> {
    const file = join(this.dir, 'claims', `${encodeURIComponent(name)}.lock`);
    await mkdir(dirname(file), { recursive: true });
    for (let tries = 0; tries < 2; tries += 1) {
      try {
        const handle = await open(file, 'wx');
        const token = randomUUID();
        await handle.writeFile(JSON.stringify({ pid: process.pid, at: Date.now(), token }));
        await handle.close();
        return () => this.releaseClaim(file, token);
      } catch (error) {
        if (!isErrno(error, 'EEXIST')) throw error;
        if (!(await this.claimIsStale(file, options.staleAfterMs ?? CLAIM_STALE_MS))) return null;
        await rm(file, { force: true });
      }
    }
    return null;
  }

  /** Removes the lock only while it is still ours: one taken over as stale is the new holder's. */
  private async releaseClaim(file: string, token: string): Promise<void> {
    try {
      const holder = JSON.parse(await readFile(file, 'utf8')) as { token?: unknown };
      if (holder.token !== token) return;
    } catch {
      // Gone, or being written by a new holder: not ours any more.
      return;
    }
    await rm(file, { force: true });
  }

  private async claimIsStale(file: string, staleAfterMs: number): Promise<boolean> {
    let modified: number;
    try {
      modified = (await stat(file)).mtimeMs;
    } catch (error) {
      return isErrno(error, 'ENOENT'); // gone meanwhile: try again
    }
    // Before reading it: a lock its taker died writing (empty) must not block for ever.
    if (Date.now() - modified > staleAfterMs) return true;
    try {
      const holder = JSON.parse(await readFile(file, 'utf8')) as { pid?: unknown };
      return typeof holder.pid !== 'number' || !processAlive(holder.pid);
    } catch (error) {
      // Gone meanwhile (try again), or still being written by its taker (leave it).
      return isErrno(error, 'ENOENT');
    }
  }

  private enqueue(key: string, job: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(job);
    const settled = next.catch(() => undefined);
    this.queues.set(key, settled);
    runHandled(
      settled.then(() => {
        if (this.queues.get(key) === settled) this.queues.delete(key);
      }),
    );
    return next;
  }
}
