// A web test file's demo tasks by the key each test names them with: the task's id in the app,
// the simulator's copy of it and the writes the simulated vendor received for it.
import type { SimJson } from '../../electron/simulator/world';
import type { VendorId } from '../../shared/task';
import type { RunningWebHost } from '../../electron/web-host/host';
import { control } from './sim';
import { vendorIdOf } from './tasks';

export interface RecordedWrite {
  kind: string;
  taskId: string;
  path: string;
  body: SimJson;
}

export function tasksByKey(vendor: VendorId, host: () => RunningWebHost) {
  const ids: Record<string, string> = {};
  const id = (key: string): string => {
    const value = ids[key];
    if (!value) throw new Error(`no task ${key}`);
    return value;
  };
  return {
    ids,
    id,
    simTask: (key: string) => host().demo.sim.world.get(vendor, vendorIdOf(id(key))),
    writesFor: async (key: string): Promise<RecordedWrite[]> => {
      const writes = (await control(host().demo.sim, 'GET', '/writes')) as RecordedWrite[];
      return writes.filter((w) => w.taskId === vendorIdOf(id(key)));
    },
  };
}
