// What each vendor's adapter can do, declared up front so the windows offer only what works.
import { z } from 'zod';

export const AdapterCapabilitiesSchema = z.object({
  complete: z.boolean(),
  reassignToUser: z.boolean(),
  reassignToGroup: z.boolean(),
  /** The vendor names possible results (approve / reject…). */
  results: z.boolean(),
  /** The vendor describes a form to fill. */
  formFields: z.boolean(),
  /** Task logs for the detail view. */
  logs: z.boolean(),
  /** `vendor`: the vendor gives due times; `age-limit`: an account setting decides overdue. */
  overdue: z.enum(['vendor', 'age-limit']),
  escalation: z.boolean(),
  /** Interactive sign-in in the system browser is possible. */
  browserSignIn: z.boolean(),
  /** Why some of the above are false, in words for the user. */
  limitations: z.array(z.string()),
});
export type AdapterCapabilities = z.infer<typeof AdapterCapabilitiesSchema>;
