import { MessageFlags, type InteractionReplyOptions, type Message, type RepliableInteraction } from 'discord.js';
import type { Logger } from '../../src/core/log';

/** Discord wants a first response within 3 s; defer well before that. */
export const DEFAULT_DEFER_AFTER_MS = 2_000;

export type ReplyPayload = Pick<InteractionReplyOptions, 'content' | 'components' | 'files' | 'allowedMentions'>;

/**
 * One interaction the core is still working on. Its first response is a reply (or a modal); if the
 * core is slow it is deferred, and then the first private answer edits the deferred reply and later
 * ones follow up.
 */
export interface PendingInteraction {
  readonly interaction: RepliableInteraction;
  /** Not acknowledged yet: a reply or a modal is still possible. */
  readonly open: boolean;
  /** Acknowledged, and the token still takes follow-ups (not after a modal). */
  readonly usable: boolean;
  /** Answers through the interaction; resolves with the message Discord created. */
  respond(payload: ReplyPayload, ephemeral: boolean): Promise<Message>;
  /** Marks the interaction as answered by a modal. */
  modalShown(): void;
  /** Defers now (slow commands say they are working at once). */
  defer(): Promise<void>;
}

export interface InteractionDeadlines {
  /** Starts the clock for an interaction (the core knows it by `eventId`); the returned handle answers through it. */
  begin(interaction: RepliableInteraction, eventId: string): PendingInteraction;
  /** Whether this interaction is being handled here already (Discord delivered it twice). */
  holds(eventId: string): boolean;
  /** The interaction an action answers (its `replyTo`), while the core is still working on it. */
  answering(eventId: string | undefined): PendingInteraction | undefined;
  /** The core is done: acknowledge quietly if nothing was said, tidy an unused "thinking" note. */
  finish(pending: PendingInteraction): Promise<void>;
  /** Stops every clock (shutdown). */
  clear(): void;
}

export function createInteractionDeadlines(options: { deferAfterMs?: number; log: Logger }): InteractionDeadlines {
  const deferAfter = options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS;
  const open = new Map<string, Pending>();

  class Pending implements PendingInteraction {
    state: 'open' | 'deferred' | 'replied' | 'modal' = 'open';
    originalUsed = false;
    timer: NodeJS.Timeout | undefined;
    /** Responses go out one at a time, in order. */
    queue: Promise<unknown> = Promise.resolve();
    constructor(
      readonly interaction: RepliableInteraction,
      readonly key: string,
    ) {}
    get open() {
      return this.state === 'open';
    }
    get usable() {
      return this.state !== 'modal';
    }
    serial<T>(work: () => Promise<T>): Promise<T> {
      const next = this.queue.then(work, work);
      this.queue = next.catch(() => undefined);
      return next;
    }
    deferNow(): Promise<void> {
      return this.serial(async () => {
        if (this.state !== 'open') return;
        this.state = 'deferred';
        if (this.interaction.isMessageComponent()) await this.interaction.deferUpdate();
        else await this.interaction.deferReply({ flags: MessageFlags.Ephemeral });
      });
    }
    defer() {
      return this.deferNow();
    }
    modalShown() {
      this.state = 'modal';
      if (this.timer) clearTimeout(this.timer);
    }
    respond(payload: ReplyPayload, ephemeral: boolean): Promise<Message> {
      return this.serial(async () => {
        const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
        const i = this.interaction;
        if (this.state === 'open') {
          this.state = 'replied';
          if (this.timer) clearTimeout(this.timer);
          const response = await i.reply({ ...payload, ...(flags ? { flags } : {}), withResponse: true });
          const message = response.resource?.message;
          return message ?? (await i.fetchReply());
        }
        // A deferred (ephemeral) reply becomes the first private answer.
        if (this.state === 'deferred' && !this.originalUsed && ephemeral && !i.isMessageComponent()) {
          this.originalUsed = true;
          return i.editReply(payload);
        }
        return i.followUp({ ...payload, ...(flags ? { flags } : {}) });
      });
    }
  }

  return {
    begin(interaction, eventId) {
      const pending = new Pending(interaction, eventId);
      open.set(eventId, pending);
      pending.timer = setTimeout(() => {
        pending.deferNow().catch((error: unknown) => options.log.warn({ err: (error as Error).message }, 'could not defer an interaction'));
      }, deferAfter);
      return pending;
    },
    holds: (eventId) => open.has(eventId),
    answering(eventId) {
      const pending = eventId === undefined ? undefined : open.get(eventId);
      return pending?.usable ? pending : undefined;
    },
    async finish(handle) {
      const pending = handle as Pending;
      if (pending.timer) clearTimeout(pending.timer);
      if (open.get(pending.key) === pending) open.delete(pending.key);
      await pending.serial(async () => {
        const i = pending.interaction;
        if (pending.state === 'open') {
          pending.state = 'deferred';
          // Nothing was said where the person is: acknowledge without a message.
          if (i.isMessageComponent()) await i.deferUpdate();
          else {
            await i.deferReply({ flags: MessageFlags.Ephemeral });
            await i.deleteReply();
          }
        } else if (pending.state === 'deferred' && !pending.originalUsed && !i.isMessageComponent()) {
          await i.deleteReply();
        }
      });
    },
    clear() {
      for (const p of open.values()) if (p.timer) clearTimeout(p.timer);
      open.clear();
    },
  };
}
