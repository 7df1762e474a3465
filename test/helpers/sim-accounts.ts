// Accounts on the vendor simulator as a config file or the Accounts window gives them: the
// simulator's demo user of each vendor, under the id and name a test picks.
import type { RunningSimulator } from '../../electron/simulator/server';
import { SIM_USERS } from '../../electron/simulator/world';

export function simGeoAccount(sim: RunningSimulator, id = 'geo', name = 'GeoTareas') {
  const geo = SIM_USERS.geotareas;
  return {
    id,
    name,
    vendor: 'geotareas',
    baseUrl: sim.urls.geotareas,
    tenant: geo.tenant,
    email: geo.email,
  };
}

export function simMaxsightAccount(sim: RunningSimulator, id = 'mx', name = 'Maxsight') {
  return {
    id,
    name,
    vendor: 'maxsight',
    baseUrl: sim.urls.maxsight,
    userId: SIM_USERS.maxsight.me.id,
  };
}

function simUiPathAccount(sim: RunningSimulator, id: string, name: string, auth: object) {
  return {
    id,
    name,
    vendor: 'uipath',
    orchestratorUrl: sim.urls.uipathOrchestrator,
    identityUrl: sim.urls.uipathIdentity,
    auth,
  };
}

/** A UiPath account that signs in in the browser (PKCE), as the simulator's desktop client. */
export function simUiPathPkceAccount(sim: RunningSimulator, id = 'uip', name = 'UiPath') {
  return simUiPathAccount(sim, id, name, { mode: 'pkce', clientId: SIM_USERS.uipath.clientId });
}

/** A UiPath account with a personal access token (its secret: the simulator's `pat`). */
export function simUiPathPatAccount(sim: RunningSimulator, id = 'uip', name = 'UiPath') {
  return simUiPathAccount(sim, id, name, { mode: 'pat' });
}
