// The two Electron IPC channels everything travels on; shared by the preload and main.
/** invoke(channel, payload) → IpcResult */
export const CALL_CHANNEL = 'tasktray:call';
/** send(event, payload), main → every window */
export const EVENT_CHANNEL = 'tasktray:event';
