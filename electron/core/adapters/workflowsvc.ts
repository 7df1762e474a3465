// PLACEHOLDER — replaced by the WorkflowSvc adapter.
import type { WorkflowSvcAccount } from '../../../shared/account';
import type { AdapterFactory } from '../adapter';

export const workflowsvcFactory: AdapterFactory<WorkflowSvcAccount> = {
  vendor: 'workflowsvc',
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
