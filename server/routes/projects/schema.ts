import { z } from 'zod';
import { PaySettingsInput } from '../../../core/pay/index.ts';

const Settings = {
  instructions: z.string().max(200_000).optional(),
  overlapMin: z.number().int().min(1).max(100).optional(),
  overlapMax: z.number().int().min(1).max(100).optional(),
  targetConfidence: z.number().min(0).max(1).optional(),
  leaseSeconds: z.number().int().min(5).max(86_400).optional(),
  goldRate: z.number().min(0).max(1).optional(),
  reviewRate: z.number().min(0).max(1).optional(),
  goldMinAccuracy: z.number().min(0).max(1).optional(),
  goldMinSeen: z.number().int().min(1).max(10_000).optional(),
  aggregation: z.enum(['auto', 'mv', 'wmv', 'ds', 'one-coin', 'glad', 'mace']).optional(),
  /** `{}` (the default) is unpaid; see core/pay/settings.ts and docs/pay.md. */
  pay: PaySettingsInput.optional(),
};

/** The label schema is checked in depth by core/schema; here only its outer shape. */
const LabelSchemaShape = z.object({ fields: z.array(z.record(z.string(), z.unknown())) }).catchall(z.unknown());

export const CreateProjectBody = z.object({ name: z.string().trim().min(1).max(200), schema: LabelSchemaShape, ...Settings });
export const UpdateProjectBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  schema: LabelSchemaShape.optional(),
  status: z.enum(['active', 'paused', 'archived']).optional(),
  ...Settings,
});
export type CreateProjectReq = z.infer<typeof CreateProjectBody>;
export type UpdateProjectReq = z.infer<typeof UpdateProjectBody>;
