// `electron` as the real preload (electron/preload/index.ts) sees it inside the test double's
// windows: ipcRenderer.invoke goes to main through a Playwright binding, and main's
// webContents.send comes back through __electronDoubleDeliver. Bundled into each page by esbuild.
type Listener = (event: unknown, ...args: unknown[]) => void;

interface DoubleWindow {
  __electronDoubleInvoke(channel: string, args: unknown[]): Promise<unknown>;
  __electronDoubleDeliver?: (channel: string, args: unknown[]) => void;
}

const host = window as unknown as DoubleWindow & Record<string, unknown>;
const listeners = new Map<string, Set<Listener>>();

host.__electronDoubleDeliver = (channel, args) => {
  for (const listener of listeners.get(channel) ?? []) listener({}, ...args);
};

export const ipcRenderer = {
  invoke: (channel: string, ...args: unknown[]) => host.__electronDoubleInvoke(channel, args),
  on(channel: string, listener: Listener) {
    const set = listeners.get(channel) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(channel, set);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: Listener) {
    listeners.get(channel)?.delete(listener);
    return ipcRenderer;
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    Object.defineProperty(window, key, { value: Object.freeze(api), enumerable: true });
  },
};
