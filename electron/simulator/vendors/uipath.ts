// PLACEHOLDER — replaced by the UiPath simulator.
import type { VendorSim } from '../http-kit';
import type { SimContext } from '../server';

export function createUiPathSim(_context: SimContext): VendorSim {
  return {
    vendor: 'uipath',
    prefix: 'uipath',
    handle: () => null,
    errorBody: (_s, message) => ({ message }),
  };
}
