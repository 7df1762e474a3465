// PLACEHOLDER — replaced by the GeoTareas simulator.
import type { VendorSim } from '../http-kit';
import type { SimContext } from '../server';

export function createGeoTareasSim(_context: SimContext): VendorSim {
  return {
    vendor: 'geotareas',
    prefix: 'geotareas',
    handle: () => null,
    errorBody: (_s, message) => ({ message }),
  };
}
