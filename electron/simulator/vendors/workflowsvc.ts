// PLACEHOLDER — replaced by the WorkflowSvc simulator.
import type { VendorSim } from '../http-kit';
import type { SimContext } from '../server';

export function createWorkflowSvcSim(_context: SimContext): VendorSim {
  return {
    vendor: 'workflowsvc',
    prefix: 'twinit',
    handle: () => null,
    errorBody: (_s, message) => ({ message }),
  };
}
