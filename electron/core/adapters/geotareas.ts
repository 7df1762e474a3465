// PLACEHOLDER — replaced by the GeoTareas adapter.
import type { GeoTareasAccount } from '../../../shared/account';
import type { AdapterFactory } from '../adapter';

export const geotareasFactory: AdapterFactory<GeoTareasAccount> = {
  vendor: 'geotareas',
  capabilities: {
    complete: false,
    reassignToUser: false,
    reassignToGroup: false,
    results: false,
    formFields: false,
    logs: false,
    overdue: 'vendor',
    escalation: false,
    browserSignIn: false,
    limitations: [],
  },
  create() {
    throw new Error('not yet');
  },
};
