// Where updates come from: a setting, not a placeholder. `npm run dist` with TASKTRAY_UPDATE_URL
// set builds the installers with that generic feed (electron-builder writes it into the app's
// app-update.yml); the same variable in the running app's environment points an installed copy
// at another feed (a mirror, a test feed). With neither, updates are off and the log says why.

/** The one name for the feed setting, at build time and at run time. */
export const UPDATE_URL_ENV = 'TASKTRAY_UPDATE_URL';

export type UpdateFeed =
  /** The feed the installer was built with (its app-update.yml). */
  | { kind: 'built-in' }
  /** A feed given at run time. */
  | { kind: 'url'; url: string }
  | { kind: 'none'; reason: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a feed URL cannot be used (https only; plain http on this machine, for a local feed), or null. */
export function feedUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${UPDATE_URL_ENV} is not a URL (${JSON.stringify(value)})`;
  }
  if (url.username || url.password) return `${UPDATE_URL_ENV} must not contain a user or password`;
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return null;
  return `${UPDATE_URL_ENV} must be an https:// address (plain http only on this machine)`;
}

export function resolveUpdateFeed(deps: {
  env: Readonly<Record<string, string | undefined>>;
  /** The packaged app's app-update.yml (in its resources folder), or null where there is none. */
  appUpdateConfig: string | null;
  exists(path: string): boolean;
}): UpdateFeed {
  const fromEnv = deps.env[UPDATE_URL_ENV]?.trim();
  if (fromEnv) {
    const problem = feedUrlProblem(fromEnv);
    return problem ? { kind: 'none', reason: problem } : { kind: 'url', url: fromEnv };
  }
  if (deps.appUpdateConfig !== null && deps.exists(deps.appUpdateConfig))
    return { kind: 'built-in' };
  return {
    kind: 'none',
    reason: `this copy was built without an update feed (build it with ${UPDATE_URL_ENV}=https://… npm run dist, or set ${UPDATE_URL_ENV} in its environment)`,
  };
}
