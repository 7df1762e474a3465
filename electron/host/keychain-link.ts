// The keychain as the engine host reaches it: through main, the only process with keytar and
// safeStorage. Secrets travel between Tasktray's own processes only, never to a window.
import type { SecretStore } from '../core/ports';

export interface KeychainCalls {
  get(params: {
    accountId: string;
    name: Parameters<SecretStore['get']>[1];
  }): Promise<string | null>;
  set(params: {
    accountId: string;
    name: Parameters<SecretStore['set']>[1];
    value: string;
  }): Promise<unknown>;
  delete(params: {
    accountId: string;
    name: Parameters<SecretStore['delete']>[1];
  }): Promise<unknown>;
}

export function keychainThroughMain(calls: KeychainCalls): SecretStore {
  return {
    get: (accountId, name) => calls.get({ accountId, name }),
    set: async (accountId, name, value) => {
      await calls.set({ accountId, name, value });
    },
    delete: async (accountId, name) => {
      await calls.delete({ accountId, name });
    },
  };
}
