// The vendor simulator in a process of its own, so a benchmark of the engine's event loop measures
// the engine alone (the simulator's own JSON work would otherwise count as the engine's stall).
import { startSimulator } from '../electron/simulator/server';
import { createSimTask } from '../electron/simulator/task-factory';
import { SimWorld } from '../electron/simulator/world';
import type { VendorId } from '../shared/task';

const tasksPerVendor = Number(process.argv[2] ?? 1_000);
const VENDORS: VendorId[] = ['geotareas', 'uipath', 'workflowsvc', 'maxsight'];

const world = new SimWorld();
for (const vendor of VENDORS) {
  for (let i = 0; i < tasksPerVendor; i += 1) {
    createSimTask(world, vendor, {
      title: `${vendor} task ${i}`,
      description: `Customer ${i} asked for a change of address. `.repeat(8),
      entity: {
        type: 'CUENTA',
        id: `73829104738291${String(i).padStart(4, '0')}`,
        label: `Cliente ${i}`,
      },
      fields: [
        {
          name: 'email_address',
          label: 'Correo',
          type: 'text',
          required: true,
          value: null,
          options: [],
        },
      ],
    });
  }
}
// Several accounts share each vendor's user here: the vendors' per-user limits are lifted (each
// account's own request budget still applies on the engine's side).
const sim = await startSimulator({
  world,
  limits: {
    geotareasReadsPerMinute: 100_000,
    geotareasWritesPerMinute: 100_000,
    geotareasLoginsPer30s: 1_000,
  },
});
process.send?.({ urls: sim.urls });
process.on('message', (message: unknown) => {
  if (message === 'close')
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('simulator: could not close', error);
        process.exit(1);
      },
    );
});
