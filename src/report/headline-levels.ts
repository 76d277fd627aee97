/** The urgency of a result's one instruction, least urgent first; from `doctor` up it sends to medical care. */
export const HEADLINE_LEVELS = ['proceed', 'precautions', 'doctor', 'soon', 'urgent', 'emergency'] as const;
export type HeadlineLevel = (typeof HEADLINE_LEVELS)[number];
