// Which adapter serves which vendor. The windows read capabilities from here before any account exists.
import type { Account } from '../../shared/account';
import { VENDORS, type VendorId } from '../../shared/task';
import type { AdapterCapabilities, AdapterDeps, AdapterFactory, VendorAdapter } from './adapter';
import { geotareasFactory } from './adapters/geotareas';
import { maxsightFactory } from './adapters/maxsight';
import { uipathFactory } from './adapters/uipath';
import { workflowsvcFactory } from './adapters/workflowsvc';

type FactoryMap = { [V in VendorId]: AdapterFactory<Extract<Account, { vendor: V }>> };

export const ADAPTERS: FactoryMap = {
  geotareas: geotareasFactory,
  uipath: uipathFactory,
  workflowsvc: workflowsvcFactory,
  maxsight: maxsightFactory,
};

/** What each vendor's adapter can do, for the windows before any account exists. */
export const CAPABILITIES = Object.fromEntries(
  VENDORS.map((vendor) => [vendor, ADAPTERS[vendor].capabilities]),
) as Record<VendorId, AdapterCapabilities>;

export function createAdapter(account: Account, deps: AdapterDeps): VendorAdapter {
  // The discriminated union narrows per vendor; TypeScript cannot correlate it through the map.
  const factory = ADAPTERS[account.vendor] as AdapterFactory<Account>;
  return factory.create(account, deps);
}
