// The vendor simulator: one loopback HTTP server speaking all four vendor APIs over one world.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControlRequest } from './control';
import type { SimRequest, SimResponse, VendorSim } from './http-kit';
import { SimTokens } from './tokens';
import { createGeoTareasSim } from './vendors/geotareas';
import { createMaxsightSim } from './vendors/maxsight';
import { createUiPathSim } from './vendors/uipath';
import { createWorkflowSvcSim } from './vendors/workflowsvc';
import { SIM_USERS, SimWorld, type SimJson } from './world';

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  world?: SimWorld;
  /** Overrides for the vendors' documented limits, so tests can reach them quickly. */
  limits?: SimLimits;
  /** Serve the control API (`/_control`, behind `controlToken`); default true. */
  controlApi?: boolean;
}

/** Bodies above this are refused with 413 unread: nothing a vendor client or a test sends is near. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface SimLimits {
  geotareasReadsPerMinute?: number;
  geotareasWritesPerMinute?: number;
  geotareasLoginsPer30s?: number;
  /** GeoTareas caches reads for 15 s; tests that complete and re-list set 0. */
  geotareasCacheMs?: number;
  /** UiPath task comments (TaskNotes) exist on newer Orchestrators only; false: answer 404. */
  uipathTaskNotes?: boolean;
}

export interface SimContext {
  world: SimWorld;
  tokens: SimTokens;
  limits: Required<SimLimits>;
  /** The server's own origin, e.g. http://127.0.0.1:5123, for redirects and links. */
  origin: () => string;
}

/** Where each vendor is served, for building accounts that point at the simulator. */
export interface SimulatorUrls {
  origin: string;
  geotareas: string;
  /** The GeoTareas web app (the simulator serves a small task page there). */
  geotareasWeb: string;
  uipathOrchestrator: string;
  uipathIdentity: string;
  twinitOrigin: string;
  maxsight: string;
  /** Maxsight's own screens (the simulator serves a small task page there). */
  maxsightWeb: string;
  control: string;
}

export function simulatorUrls(origin: string): SimulatorUrls {
  const { org, tenant } = SIM_USERS.uipath;
  return {
    origin,
    geotareas: `${origin}/geotareas/apidev/v1`,
    geotareasWeb: `${origin}/geotareas/app`,
    uipathOrchestrator: `${origin}/uipath/${org}/${tenant}/orchestrator_`,
    uipathIdentity: `${origin}/uipath/identity_`,
    twinitOrigin: `${origin}/twinit`,
    maxsight: `${origin}/maxsight/v5`,
    maxsightWeb: `${origin}/maxsight/web`,
    control: `${origin}/_control`,
  };
}

export interface RunningSimulator {
  urls: SimulatorUrls;
  world: SimWorld;
  tokens: SimTokens;
  /** The control API's bearer token for this run (random; it lives only in this process). */
  controlToken: string;
  close(): Promise<void>;
}

/** The request body, or null when it is larger than MAX_BODY_BYTES (reading stops there). */
function readRaw(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        done();
        req.pause();
        resolve(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

function parseBody(
  req: IncomingMessage,
  raw: Buffer,
): { body: SimJson | undefined; error: string | null } {
  const text = raw.toString('utf8');
  if (text === '') return { body: undefined, error: null };
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) {
    return { body: Object.fromEntries(new URLSearchParams(text)), error: null };
  }
  try {
    return { body: JSON.parse(text) as SimJson, error: null };
  } catch (error) {
    return { body: undefined, error: (error as Error).message };
  }
}

function send(
  res: ServerResponse,
  response: SimResponse,
  extraHeaders: Record<string, string> = {},
): void {
  const headers: Record<string, string> = { ...extraHeaders, ...response.headers };
  let payload = '';
  if (response.text) {
    headers['Content-Type'] = response.text.contentType;
    payload = response.text.value;
  } else if (response.body !== undefined) {
    headers['Content-Type'] = 'application/json; charset=utf-8';
    payload = JSON.stringify(response.body);
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

/** Refuses the request and drops the connection, so an oversized body is never read. */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  res.on('finish', () => req.socket.destroy());
  send(
    res,
    { status: 413, body: { message: `request bodies are limited to ${MAX_BODY_BYTES} bytes` } },
    { Connection: 'close' },
  );
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const world = options.world ?? new SimWorld();
  const tokens = new SimTokens(world);
  const controlToken = randomBytes(32).toString('base64url');
  let origin = '';
  // Host names this server answers to: a page on another name (DNS rebinding) is refused.
  let hosts = new Set<string>();
  const context: SimContext = {
    world,
    tokens,
    limits: {
      geotareasReadsPerMinute: options.limits?.geotareasReadsPerMinute ?? 30,
      geotareasWritesPerMinute: options.limits?.geotareasWritesPerMinute ?? 10,
      geotareasLoginsPer30s: options.limits?.geotareasLoginsPer30s ?? 5,
      geotareasCacheMs: options.limits?.geotareasCacheMs ?? 15_000,
      uipathTaskNotes: options.limits?.uipathTaskNotes ?? true,
    },
    origin: () => origin,
  };
  const vendors: VendorSim[] = [
    createGeoTareasSim(context),
    createUiPathSim(context, { taskNotes: context.limits.uipathTaskNotes }),
    createWorkflowSvcSim(context),
    createMaxsightSim(context),
  ];
  const byPrefix = new Map(vendors.map((vendor) => [vendor.prefix, vendor]));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hosts.has(req.headers.host ?? '')) {
      send(res, {
        status: 421,
        body: { message: `This server does not answer to ${req.headers.host ?? 'no Host'}` },
      });
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    const [, first = '', ...rest] = url.pathname.split('/');
    const raw = await readRaw(req);
    if (raw === null) {
      refuseTooLarge(req, res);
      return;
    }
    const { body, error } = parseBody(req, raw);
    const simReq: SimRequest = {
      method: req.method ?? 'GET',
      path: `/${rest.join('/')}`,
      url,
      headers: req.headers,
      body,
      bodyError: error,
    };
    if (first === '_control' && options.controlApi !== false) {
      send(res, handleControlRequest(world, simReq, controlToken));
      return;
    }
    const vendor = byPrefix.get(first);
    if (!vendor) {
      send(res, { status: 404, body: { message: `Nothing is served at ${url.pathname}` } });
      return;
    }
    world.countRequest(vendor.vendor);
    const fault = world.takeFault(vendor.vendor, simReq.method, simReq.path);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs));
    const common = vendor.commonHeaders?.(simReq) ?? {};
    if (fault?.kind === 'status') {
      send(
        res,
        { status: fault.status, body: vendor.errorBody(fault.status, 'Injected fault') },
        common,
      );
      return;
    }
    if (fault?.kind === 'rate-limit') {
      send(
        res,
        {
          status: 429,
          headers: { 'Retry-After': String(fault.retryAfterSec) },
          body: vendor.errorBody(429, 'Too many requests'),
        },
        common,
      );
      return;
    }
    if (fault?.kind === 'malformed') {
      send(
        res,
        { status: 200, text: { contentType: 'application/json', value: '{"success": tru' } },
        common,
      );
      return;
    }
    try {
      const response = (await vendor.handle(simReq)) ?? {
        status: 404,
        body: vendor.errorBody(404, `No route ${simReq.method} ${simReq.path}`),
      };
      if (fault?.kind === 'drop-response') {
        req.socket.destroy();
        return;
      }
      send(res, response, common);
    } catch (caught) {
      send(res, { status: 500, body: vendor.errorBody(500, (caught as Error).message) });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A broken request (aborted upload, bad URL) ends that request, never the simulator.
      if (res.headersSent) req.socket.destroy();
      else send(res, { status: 500, body: { message: (error as Error).message ?? String(error) } });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  origin = `http://${address.address}:${address.port}`;
  hosts = new Set(
    [address.address, 'localhost', '127.0.0.1', '[::1]'].map((host) => `${host}:${address.port}`),
  );

  return {
    urls: simulatorUrls(origin),
    world,
    tokens,
    controlToken,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
