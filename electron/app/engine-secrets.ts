// The secrets the app's engine reads: the demo's from the demo (while it shows), every other
// account's from the keychain — and those only while the account still points at the origins they
// were saved for. Shared by the Electron shell and the browser test host, so neither can wire the
// engine to the bare keychain.
import type { Account } from '../../shared/account';
import type { SecretStore } from '../core/ports';
import { originBoundSecrets } from '../core/secret-origins';
import type { DemoAccounts } from './app-service';

export function engineSecrets(options: {
  keychain: SecretStore;
  /** The user's accounts as saved now (settings). */
  accounts: () => readonly Account[];
  /** The demo while it shows, else null; asked on every read (the demo can stop and return). */
  demo: () => DemoAccounts | null;
}): SecretStore {
  const bound = originBoundSecrets(
    options.keychain,
    (id) => options.accounts().find((a) => a.id === id),
    // A token the engine gets while the user changes the account's URLs never wipes their secrets.
    { onSetForOtherOrigins: 'refuse' },
  );
  const pick = (accountId: string): SecretStore => {
    const demo = options.demo();
    return demo?.accounts.some((a) => a.id === accountId) ? demo.secrets : bound;
  };
  return {
    get: (id, name) => pick(id).get(id, name),
    set: (id, name, value) => pick(id).set(id, name, value),
    delete: (id, name) => pick(id).delete(id, name),
  };
}
