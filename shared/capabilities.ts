// What each vendor's adapter can do, declared up front so the windows offer only what works.
import { z } from 'zod';
import { GroupDistributionSchema } from './task';

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
  /** An unassigned task can be claimed (taken) and a claimed one released (given back). */
  claim: z.boolean().optional(),
  /** The vendor lists who a task may go to (`tasks:assignees`), for a reassign picker. */
  assigneePicker: z.boolean().optional(),
  /** How a task given to a group may be shared out; absent or empty: the vendor decides. */
  groupDistributions: z.array(GroupDistributionSchema).optional(),
  /** Comments can be read and added (`tasks:comments`, `tasks:add-comment`). */
  comments: z.boolean().optional(),
  /** Why some of the above are false, in words for the user. */
  limitations: z.array(z.string()),
});
export type AdapterCapabilities = z.infer<typeof AdapterCapabilitiesSchema>;
