// The built-in demo as the app service wants it: validated accounts and their (not real) secrets.
import { AccountSchema, type Account, type SecretName } from '../../shared/account';
import type { DemoAccounts } from '../app/app-service';
import { MemorySecretStore } from '../core/ports';
import type { DemoAccount } from '../simulator/demo';

export async function toDemoAccounts(demo: readonly DemoAccount[]): Promise<DemoAccounts> {
  const secrets = new MemorySecretStore();
  const accounts: Account[] = [];
  for (const { account, secrets: values } of demo) {
    const parsed = AccountSchema.parse(account);
    accounts.push(parsed);
    for (const [name, value] of Object.entries(values)) {
      await secrets.set(parsed.id, name as SecretName, value);
    }
  }
  return { accounts, secrets };
}
