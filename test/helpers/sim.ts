// Test harness: the real simulator on loopback and real adapter dependencies around it.
import type { AdapterDeps } from '../../electron/core/adapter';
import { createLogger, type LogRecord } from '../../electron/core/logger';
import { MemorySecretStore, systemClock } from '../../electron/core/ports';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../electron/simulator/server';

export interface Harness {
  sim: RunningSimulator;
  deps: AdapterDeps;
  secrets: MemorySecretStore;
  /** Everything the adapters logged, already redacted. */
  logs: LogRecord[];
  /** Everything the adapters logged, as one string, for secret-leak checks. */
  logText(): string;
  /** URLs the adapter opened "in the browser" (OAuth sign-in). */
  opened: string[];
  close(): Promise<void>;
}

/**
 * The "system browser" for sign-in tests: it follows the authorize URL through the simulator's
 * consent redirect to the adapter's loopback listener, over real HTTP.
 */
export async function followInBrowser(url: string): Promise<void> {
  let next = url;
  for (let hop = 0; hop < 5; hop += 1) {
    const response = await fetch(next, { redirect: 'manual' });
    await response.text();
    const location = response.headers.get('location');
    if (!location) return;
    next = new URL(location, next).toString();
  }
}

export async function startHarness(
  options: SimulatorOptions & { timeoutMs?: number } = {},
): Promise<Harness> {
  const sim = await startSimulator(options);
  const logs: LogRecord[] = [];
  const secrets = new MemorySecretStore();
  const opened: string[] = [];
  const deps: AdapterDeps = {
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    logger: createLogger((record) => logs.push(record)),
    secrets,
    openExternal: async (url) => {
      opened.push(url);
      await followInBrowser(url);
    },
    timeoutMs: options.timeoutMs ?? 3_000,
  };
  return {
    sim,
    deps,
    secrets,
    logs,
    logText: () => JSON.stringify(logs),
    opened,
    close: () => sim.close(),
  };
}

/** A response as the vendor sent it, seen by the fetch the adapter was given. */
export interface SeenResponse {
  method: string;
  url: string;
  status: number;
  headers: Headers;
}

/** The same deps with a fetch that records every response the adapter gets. */
export function recordingResponses(deps: AdapterDeps): {
  deps: AdapterDeps;
  responses: SeenResponse[];
} {
  const responses: SeenResponse[] = [];
  const fetch: AdapterDeps['fetch'] = async (input, init) => {
    const response = await deps.fetch(input, init);
    const method = init?.method ?? 'GET';
    responses.push({
      method,
      url: input.toString(),
      status: response.status,
      headers: response.headers,
    });
    return response;
  };
  return { deps: { ...deps, fetch }, responses };
}

/** Control API calls, over HTTP like any client. */
export async function control(
  sim: RunningSimulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${sim.urls.control}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${sim.controlToken}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`control ${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
