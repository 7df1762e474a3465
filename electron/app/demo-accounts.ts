// The built-in demo as the app service wants it: validated accounts and their (not real) secrets.
// One conversion for the tray app and the browser test host.
import { AccountSchema, type Account, type SecretName } from '../../shared/account';
import { MemorySecretStore } from '../core/ports';
import type { DemoAccounts } from './app-service';

/** A demo account as the simulator describes it (the app layer does not import the simulator). */
export interface DemoAccountInput {
  account: unknown;
  secrets: Partial<Record<SecretName, string>>;
}

export async function toDemoAccounts(demo: readonly DemoAccountInput[]): Promise<DemoAccounts> {
  const secrets = new MemorySecretStore();
  const accounts: Account[] = [];
  for (const { account, secrets: values } of demo) {
    const parsed = AccountSchema.parse(account);
    accounts.push(parsed);
    for (const [name, value] of Object.entries(values)) {
      if (value !== undefined) await secrets.set(parsed.id, name as SecretName, value);
    }
  }
  return { accounts, secrets };
}
