import { z } from 'zod';
import { Locale } from '../config/schema';
import { ConversationRef } from '../core/events';

export const RUN_SCHEMA_VERSION = 1;

const Json: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(Json), z.record(z.string(), Json)]),
);
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const Participant = z.object({
  platform: z.string(),
  userId: z.string(),
  name: z.string(),
  role: z.string(),
  /** False once a participant has stepped back; they no longer receive or may act. */
  active: z.boolean().default(true),
});
export type Participant = z.infer<typeof Participant>;

/** One flow run, saved after every step. Validated (and versioned) on every read. */
export const Run = z.object({
  schema: z.literal(RUN_SCHEMA_VERSION),
  id: z.string().regex(/^[A-Za-z0-9_-]{6,24}$/),
  flowId: z.string(),
  flowVersion: z.number().int(),
  locale: Locale,
  status: z.enum(['active', 'paused', 'ended']),
  step: z.string(),
  /** Steps passed through, for `back`. */
  trail: z.array(z.string()).default([]),
  home: ConversationRef,
  space: ConversationRef.nullable().default(null),
  project: z.string().nullable().default(null),
  stage: z.string().nullable().default(null),
  participants: z.array(Participant),
  vars: z.record(z.string(), Json).default({}),
  /** What the current waiting step waits for. */
  pending: z
    .object({
      step: z.string(),
      waitingFor: z.array(z.string()),
      /** Where each user was asked (the routing key their answer arrives on). */
      where: z.record(z.string(), z.string()).default({}),
      /** Questions asked at each person's own pace (`pace: own`): the step each person is at. */
      at: z.record(z.string(), z.string()).optional(),
    })
    .nullable()
    .default(null),
  /** Messages the run may edit later, by key. */
  messages: z.record(z.string(), z.object({ ref: ConversationRef, messageRef: z.string() })).default({}),
  startedAt: z.number(),
  updatedAt: z.number(),
  /** Increases with every save; a save with a stale seq is refused (optimistic concurrency). */
  seq: z.number().int().nonnegative(),
});
export type Run = z.infer<typeof Run>;
