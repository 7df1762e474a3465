// A clock whose waits pass at once (time jumps ahead by each, the vendor's clock too): for code
// that waits out a 429 or a rate budget, where the test wants the wait recorded, not spent.
import type { Clock } from '../../electron/core/ports';

export function jumpingClock(): Clock & { waits: number[] } {
  let ahead = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => Date.now() + ahead,
    sleep: async (ms) => {
      waits.push(ms);
      ahead += ms;
    },
  };
}
