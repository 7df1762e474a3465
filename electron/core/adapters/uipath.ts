// PLACEHOLDER — replaced by the UiPath adapter.
import type { UiPathAccount } from '../../../shared/account';
import type { AdapterFactory } from '../adapter';

export const uipathFactory: AdapterFactory<UiPathAccount> = {
  vendor: 'uipath',
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
