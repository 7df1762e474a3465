// Sleep and network: no polling while the machine sleeps, and a fresh look as soon as it wakes or
// the network comes back.

export interface PowerEvents {
  on(event: 'suspend' | 'resume', listener: () => void): unknown;
}

export interface EngineControl {
  pause(): void;
  resume(): void;
  refreshNow(): void;
}

export function watchPower(options: {
  powerMonitor: PowerEvents;
  isOnline: () => boolean;
  engine: EngineControl;
  /** How often the network state is checked (Electron has no event for it in main). */
  checkEveryMs?: number;
}): () => void {
  const { engine } = options;
  options.powerMonitor.on('suspend', () => engine.pause());
  options.powerMonitor.on('resume', () => {
    engine.resume();
    engine.refreshNow();
  });
  let online = options.isOnline();
  const timer = setInterval(() => {
    const now = options.isOnline();
    if (now && !online) {
      engine.resume();
      engine.refreshNow();
    }
    online = now;
  }, options.checkEveryMs ?? 5_000);
  timer.unref?.();
  return () => clearInterval(timer);
}
