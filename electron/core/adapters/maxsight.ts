// PLACEHOLDER — replaced by the Maxsight adapter.
import type { MaxsightAccount } from '../../../shared/account';
import type { AdapterFactory } from '../adapter';

export const maxsightFactory: AdapterFactory<MaxsightAccount> = {
  vendor: 'maxsight',
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
