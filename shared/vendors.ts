// The four vendors by id and name, without zod: the windows' bundle reads this, the schemas reuse it.

export const VENDORS = ['uipath', 'workflowsvc', 'maxsight', 'geotareas'] as const;
export type VendorId = (typeof VENDORS)[number];

export const VENDOR_LABELS: Record<VendorId, string> = {
  uipath: 'UiPath Orchestrator',
  workflowsvc: 'Twinit workflowsvc',
  maxsight: 'Maxsight',
  geotareas: 'GeoTareas',
};
