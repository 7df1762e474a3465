// Work that is started and not awaited (an event handler's call, the clean-up after a write).
// One rule for all of it, in one place: a promise nobody awaits either gets a failure handler
// here, or is marked as work whose own code already handles its failure. Never `void promise`,
// which would drop a failure unseen.

/** Starts `work` without awaiting it; its failure goes to `onFailure`. */
export function runDetached(work: Promise<unknown>, onFailure: (error: unknown) => void): void {
  work.catch(onFailure);
}

/**
 * For work that handles its own failure (it ends in a catch that shows, reports or logs it), so
 * nothing is left to reject. Should it reject all the same, that is a bug: it stays an unhandled
 * rejection, as loud as it would be without this call.
 */
export function runHandled(work: Promise<unknown>): void {
  runDetached(work, (error) => {
    throw error;
  });
}
