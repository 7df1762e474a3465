// One entry point for every transport (ipcMain in the app, HTTP in the browser test host): the
// channel must exist, the payload must match its schema, and any failure comes back as an error
// the window can explain — never a thrown exception across the wire.
import type { z } from 'zod';
import { ACCOUNT_PROBLEM_TEXT, accountProblems } from '../../shared/account-check';
import type { FieldError, VendorErrorInfo } from '../../shared/errors';
import { IPC_CALLS, isIpcChannel, type IpcChannel, type IpcResult } from '../../shared/ipc';
import type { Logger } from '../core/logger';
import { toVendorError, VendorError } from '../core/vendor-error';

export type AnyHandlers = Partial<Record<IpcChannel, (request: never) => Promise<unknown>>>;

function invalid(message: string, fields: FieldError[] = []): VendorErrorInfo {
  return new VendorError('validation', message, {
    fields,
    hintCode: 'hint.windowFault',
  }).toInfo();
}

function zodFields(error: z.ZodError): FieldError[] {
  return error.issues.slice(0, 10).map((issue) => ({
    field: issue.path.join('.') || '(request)',
    message: issue.message,
  }));
}

// An account being saved or tested is a person's typing, not a window's fault: the same check as
// the form's, every field at once, with its own hint.
function accountFields(channel: IpcChannel, payload: unknown): FieldError[] {
  if (channel !== 'accounts:save' && channel !== 'accounts:test') return [];
  const account =
    typeof payload === 'object' && payload !== null
      ? (payload as { account?: unknown }).account
      : undefined;
  return accountProblems(account).map((p) => ({
    field: `account.${p.field}`,
    message: ACCOUNT_PROBLEM_TEXT[p.code],
  }));
}

/** A call as the contract allows it: its channel, and its payload as the schema parsed it. */
export type CheckedCall = { ok: true; channel: IpcChannel; data: unknown };

/** The channel must exist and the payload match its schema (main checks before the host runs it). */
export function checkCall(
  channel: unknown,
  payload: unknown,
  logger: Logger,
): CheckedCall | { ok: false; error: VendorErrorInfo } {
  if (!isIpcChannel(channel)) {
    return { ok: false, error: invalid(`There is no call named ${JSON.stringify(channel)}.`) };
  }
  const accountErrors = accountFields(channel, payload);
  if (accountErrors.length > 0) {
    return {
      ok: false,
      error: new VendorError('validation', 'Some of the account’s fields need correcting.', {
        fields: accountErrors,
        hint: 'Correct the marked fields, then save or test again.',
      }).toInfo(),
    };
  }
  const parsed = IPC_CALLS[channel].request.safeParse(payload);
  if (!parsed.success) {
    logger.warn('refused an invalid IPC payload', { channel, issues: zodFields(parsed.error) });
    return {
      ok: false,
      error: invalid(`The request for ${channel} is not valid.`, zodFields(parsed.error)),
    };
  }
  return { ok: true, channel, data: parsed.data };
}

/** A checked call run by its handler; any failure comes back as an error the window can explain. */
export async function runCall(
  handlers: AnyHandlers,
  call: CheckedCall,
  logger: Logger,
): Promise<IpcResult<unknown>> {
  const { channel } = call;
  const handler = handlers[channel] as ((request: unknown) => Promise<unknown>) | undefined;
  if (!handler) return { ok: false, error: invalid(`${channel} is not available here.`) };
  try {
    return { ok: true, value: await handler(call.data) };
  } catch (error) {
    const vendorError = toVendorError(error);
    if (vendorError.kind === 'internal') logger.error('IPC call failed', { channel, error });
    return { ok: false, error: vendorError.toInfo() };
  }
}

export async function dispatch(
  handlers: AnyHandlers,
  channel: unknown,
  payload: unknown,
  logger: Logger,
): Promise<IpcResult<unknown>> {
  const call = checkCall(channel, payload, logger);
  return call.ok ? runCall(handlers, call, logger) : call;
}
