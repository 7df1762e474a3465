// The simulator's in-memory world: vendor-neutral tasks that each vendor module renders in its
// own API's shape, plus what clients did to them and the faults to inject.
import type { VendorId } from '../../shared/task';
import simUsers from './sim-users.json';

export type SimFieldType = 'text' | 'number' | 'date' | 'boolean' | 'select' | 'file';
export type SimPriority = 'low' | 'normal' | 'high' | 'critical';
export type SimJson = string | number | boolean | null | SimJson[] | { [key: string]: SimJson };

export interface SimParty {
  id: string;
  name: string;
}

export interface SimField {
  name: string;
  label: string;
  type: SimFieldType;
  required: boolean;
  value: SimJson;
  options: string[];
}

export interface SimPreviousStep {
  stepName: string;
  completedBy: string;
  completedAt: number;
  result: string;
  data: Record<string, SimJson>;
}

export interface SimLog {
  at: number;
  level: string;
  message: string;
}

export interface SimTask {
  vendor: VendorId;
  /** The vendor's own id, as a string (GeoTareas: 18–19 digit BigInt). */
  id: string;
  title: string;
  workflowName: string;
  stepName: string;
  description: string | null;
  status: 'open' | 'in_progress' | 'completed';
  priority: SimPriority;
  createdAt: number;
  updatedAt: number;
  dueAt: number | null;
  escalated: boolean;
  assignee: SimParty | null;
  group: SimParty | null;
  entity: { type: string; id: string; label: string } | null;
  results: { code: string; label: string }[];
  fields: SimField[];
  previousSteps: SimPreviousStep[];
  logs: SimLog[];
  /** Vendor-specific facts (UiPath folder and task type, workflowsvc run id, Maxsight version…). */
  extra: Record<string, string | number | boolean | null>;
  /** How it left the inbox, when it did. */
  completion: SimCompletion | null;
}

export interface SimCompletion {
  by: 'client' | 'elsewhere';
  at: number;
  result: string | null;
  data: Record<string, SimJson>;
  comment: string | null;
}

/** Every write a client made, as received: the tests' evidence that a completion arrived. */
export interface SimWrite {
  vendor: VendorId;
  kind: 'complete' | 'reassign' | 'unassign';
  taskId: string;
  path: string;
  headers: Record<string, string>;
  body: SimJson;
  at: number;
}

/** `drop` loses the request before it is handled; `drop-response` handles it, then loses the answer. */
export type FaultKind = 'status' | 'slow' | 'malformed' | 'drop' | 'drop-response' | 'rate-limit';

export interface Fault {
  id: number;
  vendor: VendorId | null;
  /** Applies to requests whose path contains this text; null: any request. */
  pathIncludes: string | null;
  method: string | null;
  kind: FaultKind;
  /** For `status`: the status to answer; for `rate-limit`: 429. */
  status: number;
  /** For `slow`: how long to wait before answering. */
  delayMs: number;
  /** For `rate-limit`: the Retry-After to send, in seconds. */
  retryAfterSec: number;
  /** How many requests it still applies to. */
  remaining: number;
}

export type FaultInput = Partial<Omit<Fault, 'id' | 'kind'>> & { kind: FaultKind };

/** The users the simulator's vendors know (sim-users.json); `me` of each is the demo user. */
export const SIM_USERS = simUsers;

type Listener = (event: { type: 'changed'; vendor: VendorId; taskId: string }) => void;

export class SimWorld {
  readonly tasks = new Map<string, SimTask>();
  readonly writes: SimWrite[] = [];
  private faults: Fault[] = [];
  private nextFaultId = 1;
  private listeners = new Set<Listener>();
  /** Bumped by `expireTokens`: tokens issued under an older epoch are refused as expired. */
  readonly tokenEpochs = new Map<VendorId, number>();
  /** Requests received, per vendor: for the budget tests and benchmarks. */
  readonly requestCounts = new Map<VendorId, number>();

  constructor(readonly now: () => number = () => Date.now()) {}

  private key(vendor: VendorId, id: string): string {
    return `${vendor}:${id}`;
  }

  put(task: SimTask): SimTask {
    this.tasks.set(this.key(task.vendor, task.id), task);
    this.emit(task);
    return task;
  }

  get(vendor: VendorId, id: string): SimTask | undefined {
    return this.tasks.get(this.key(vendor, id));
  }

  list(vendor: VendorId): SimTask[] {
    return [...this.tasks.values()].filter((task) => task.vendor === vendor);
  }

  /** Applies a change and stamps `updatedAt`. */
  update(vendor: VendorId, id: string, change: (task: SimTask) => void): SimTask {
    const task = this.get(vendor, id);
    if (!task) throw new Error(`No ${vendor} task ${id}`);
    change(task);
    task.updatedAt = Math.max(this.now(), task.updatedAt + 1);
    this.emit(task);
    return task;
  }

  recordWrite(write: Omit<SimWrite, 'at'>): void {
    this.writes.push({ ...write, at: this.now() });
  }

  countRequest(vendor: VendorId): void {
    this.requestCounts.set(vendor, (this.requestCounts.get(vendor) ?? 0) + 1);
  }

  addFault(input: FaultInput): Fault {
    const fault: Fault = {
      id: this.nextFaultId++,
      vendor: input.vendor ?? null,
      pathIncludes: input.pathIncludes ?? null,
      method: input.method ?? null,
      kind: input.kind,
      status: input.status ?? (input.kind === 'rate-limit' ? 429 : 500),
      delayMs: input.delayMs ?? 0,
      retryAfterSec: input.retryAfterSec ?? 1,
      remaining: input.remaining ?? 1,
    };
    this.faults.push(fault);
    return fault;
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** The first fault matching a request, used up by one. */
  takeFault(vendor: VendorId, method: string, path: string): Fault | null {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.vendor === null || f.vendor === vendor) &&
        (f.method === null || f.method === method) &&
        (f.pathIncludes === null || path.includes(f.pathIncludes)),
    );
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  /** Every token this vendor issued so far stops working. */
  expireTokens(vendor: VendorId): void {
    this.tokenEpochs.set(vendor, this.tokenEpoch(vendor) + 1);
  }

  tokenEpoch(vendor: VendorId): number {
    return this.tokenEpochs.get(vendor) ?? 0;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(task: SimTask): void {
    for (const listener of this.listeners)
      listener({ type: 'changed', vendor: task.vendor, taskId: task.id });
  }
}
