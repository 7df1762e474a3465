// PLACEHOLDER — replaced by the Maxsight simulator.
import type { VendorSim } from '../http-kit';
import type { SimContext } from '../server';

export function createMaxsightSim(_context: SimContext): VendorSim {
  return {
    vendor: 'maxsight',
    prefix: 'maxsight',
    handle: () => null,
    errorBody: (_s, message) => ({ message }),
  };
}
