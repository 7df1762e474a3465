// The one interface every vendor adapter implements, and what it may rely on.
import type { Account } from '../../shared/account';
import type { AdapterCapabilities } from '../../shared/capabilities';
import type {
  Assignee,
  CompletionRequest,
  Instant,
  ReassignTarget,
  Task,
  TaskComment,
  VendorId,
} from '../../shared/task';
import type { Logger } from './logger';
import type { LoginLedger } from './login-ledger';
import type { BudgetSpec } from './rate-budget';
import type { Clock, FetchLike, OpenExternal, SecretStore } from './ports';

export type { AdapterCapabilities } from '../../shared/capabilities';

export type TaskRef = Pick<Task, 'vendorTaskId' | 'locator'>;

export interface CompletionOutcome {
  completedAt: Instant | null;
  /** The vendor's word on what follows (GeoTareas' next step), when it gives one. */
  nextStep: string | null;
}

export interface SignedInUser {
  id: string | null;
  name: string | null;
}

export interface AdapterDeps {
  fetch: FetchLike;
  clock: Clock;
  logger: Logger;
  secrets: SecretStore;
  /** Opens the system browser for OAuth sign-in; absent where nobody can sign in (CI, headless CLI). */
  openExternal?: OpenExternal;
  timeoutMs?: number;
  /** Recent sign-ins, shared by every process on the same state; absent: this adapter's own. */
  logins?: LoginLedger;
}

export interface VendorAdapter {
  readonly vendor: VendorId;
  readonly accountId: string;
  readonly capabilities: AdapterCapabilities;
  /**
   * How stale a read can be (a vendor-side read cache): a read sooner than this after a write may
   * still show the task as it was. 0: reads are current.
   */
  readonly readStalenessMs: number;
  /** Interactive sign-in (OAuth in the system browser); stores what it gets in the keychain. */
  signIn(signal?: AbortSignal): Promise<SignedInUser>;
  /** Open tasks for the signed-in user, as summaries (`detailLoaded` may be false). */
  listOpenTasks(signal?: AbortSignal): Promise<Task[]>;
  /** One task with everything the vendor has on it. */
  getTask(ref: TaskRef, signal?: AbortSignal): Promise<Task>;
  complete(
    ref: TaskRef,
    request: CompletionRequest,
    signal?: AbortSignal,
  ): Promise<CompletionOutcome>;
  reassign(ref: TaskRef, target: ReassignTarget, signal?: AbortSignal): Promise<void>;
  /** Takes an unassigned task for the signed-in user (capability `claim`). */
  claim?(ref: TaskRef, signal?: AbortSignal): Promise<void>;
  /** Gives the user's task back to the unassigned pool (capability `claim`). */
  release?(ref: TaskRef, signal?: AbortSignal): Promise<void>;
  /** Who the task may be reassigned to (capability `assigneePicker`). */
  listAssignees?(ref: TaskRef, signal?: AbortSignal): Promise<Assignee[]>;
  /** The task's comments, oldest first (capability `comments`). */
  listComments?(ref: TaskRef, signal?: AbortSignal): Promise<TaskComment[]>;
  addComment?(ref: TaskRef, text: string, signal?: AbortSignal): Promise<TaskComment>;
  /**
   * For a vendor with no escalation flag: whether `current` shows an escalation since `seen`,
   * the task as the engine kept it. The engine then keeps `escalated` set; a task seen for the
   * first time is never escalated. Absent: the adapter's own `escalated` stands.
   */
  escalatedSince?(seen: Task, current: Task): boolean;
}

export interface AdapterFactory<A extends Account = Account> {
  readonly vendor: A['vendor'];
  readonly capabilities: AdapterCapabilities;
  /** The vendor's documented request limits; absent: the engine's polite default. */
  readonly budget?: BudgetSpec;
  create(account: A, deps: AdapterDeps): VendorAdapter;
}

/** The factory of an adapter class: what it can do and its limits, known before any account. */
export function adapterFactory<A extends Account>(
  Adapter: new (account: A, deps: AdapterDeps) => VendorAdapter,
  about: Omit<AdapterFactory<A>, 'create'>,
): AdapterFactory<A> {
  return { ...about, create: (account, deps) => new Adapter(account, deps) };
}
