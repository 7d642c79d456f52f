/**
 * Web API methods that write: chat.*, views.*, and the files.uploadV2 flow
 * (files.getUploadURLExternal, an upload POST to the double, files.completeUploadExternal).
 * Limits are checked the way Slack checks them, so an adapter that breaks one finds out here.
 */
import { isObject, bool, fail, isFailure, lookupUser, newId, nextTs, resolvePostTarget, str } from './web-api-state';
import type { Args, MethodResult, StoredFile, StoredMessage, StoredView, WebApiState } from './web-api-state';
import type { JsonObject } from './payloads';
import type { SlackChannelFixture } from './fixtures';

type Method = (state: WebApiState, args: Args) => MethodResult;

export const LIMITS = {
  messageText: 40_000,
  messageBlocks: 50,
  sectionText: 3_000,
  modalBlocks: 100,
  modalTitle: 24,
  privateMetadata: 3_000,
  /**
   * All the text of a message's blocks together. Slack does not document it, yet refuses more with
   * `msg_blocks_too_long` (seen from about 12,000 to 13,300 characters); the double takes the low end.
   */
  messageBlocksText: 12_000,
} as const;

/** Every text a block shows, all blocks together. */
function blocksTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + blocksTextLength(item), 0);
  if (!isObject(value)) return 0;
  let sum = 0;
  for (const [key, inner] of Object.entries(value)) sum += key === 'text' && typeof inner === 'string' ? inner.length : blocksTextLength(inner);
  return sum;
}

function checkMessageBlocks(blocks: unknown): MethodResult | undefined {
  const invalid = checkBlocks(blocks, LIMITS.messageBlocks);
  if (invalid !== undefined) return invalid;
  return blocksTextLength(blocks) > LIMITS.messageBlocksText ? fail('msg_blocks_too_long') : undefined;
}

function sectionTextTooLong(block: JsonObject): boolean {
  const text = block.text;
  if (isObject(text) && typeof text.text === 'string' && text.text.length > LIMITS.sectionText) return true;
  const fields = block.fields;
  return Array.isArray(fields) && fields.some((f) => isObject(f) && typeof f.text === 'string' && f.text.length > 2_000);
}

function checkBlocks(blocks: unknown, max: number): MethodResult | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return fail('invalid_blocks_format');
  if (blocks.length > max) return fail('invalid_blocks', { response_metadata: { messages: [`[ERROR] no more than ${max} items allowed [json-pointer:/blocks]`] } });
  for (const [i, block] of blocks.entries()) {
    if (!isObject(block) || typeof block.type !== 'string') return fail('invalid_blocks', { response_metadata: { messages: [`[ERROR] missing required field: type [json-pointer:/blocks/${i}]`] } });
    if (block.type === 'section' && sectionTextTooLong(block)) {
      return fail('invalid_blocks', { response_metadata: { messages: [`[ERROR] must be less than 3001 characters [json-pointer:/blocks/${i}/text/text]`] } });
    }
  }
  return undefined;
}

/** A message as Slack lists it; its metadata only when asked for (`include_all_metadata`), as Slack does. */
function messageObject(state: WebApiState, m: StoredMessage, withMetadata = false): JsonObject {
  return {
    type: 'message',
    subtype: m.botId !== undefined ? 'bot_message' : undefined,
    text: m.text ?? '',
    user: m.user,
    bot_id: m.botId,
    app_id: state.world.bot.appId,
    ts: m.ts,
    team: state.world.team.id,
    ...(m.blocks !== undefined ? { blocks: m.blocks } : {}),
    ...(m.threadTs !== undefined ? { thread_ts: m.threadTs } : {}),
    ...(m.edited !== undefined ? { edited: m.edited } : {}),
    ...(m.files !== undefined ? { files: m.files.map((id) => ({ id })) } : {}),
    ...(withMetadata && isObject(m.metadata) ? { metadata: m.metadata } : {}),
  };
}

function validateMessage(args: Args): MethodResult | undefined {
  const text = str(args, 'text');
  if ((text === undefined || text === '') && args.blocks === undefined && args.attachments === undefined) return fail('no_text');
  if (text !== undefined && text.length > LIMITS.messageText) return fail('msg_too_long');
  return checkMessageBlocks(args.blocks);
}

function blocksOf(args: Args): unknown[] | undefined {
  return Array.isArray(args.blocks) ? args.blocks : undefined;
}

const postMessage: Method = (state, args) => {
  const target = resolvePostTarget(state, str(args, 'channel'));
  if (isFailure(target)) return target;
  const invalid = validateMessage(args);
  if (invalid !== undefined) return invalid;
  const message: StoredMessage = {
    channel: target.id,
    ts: nextTs(state),
    text: str(args, 'text'),
    blocks: blocksOf(args),
    threadTs: str(args, 'thread_ts'),
    user: state.world.bot.userId,
    botId: state.world.bot.botId,
    metadata: args.metadata,
  };
  state.messages.push(message);
  return { ok: true, channel: target.id, ts: message.ts, message: messageObject(state, message) };
};

const postEphemeral: Method = (state, args) => {
  const target = resolvePostTarget(state, str(args, 'channel'));
  if (isFailure(target)) return target;
  const user = str(args, 'user') ?? '';
  if (lookupUser(state, user) === undefined) return fail('user_not_found');
  if (!target.members.includes(user)) return fail('user_not_in_channel');
  const invalid = validateMessage(args);
  if (invalid !== undefined) return invalid;
  const message: StoredMessage = {
    channel: target.id,
    ts: nextTs(state),
    text: str(args, 'text'),
    blocks: blocksOf(args),
    threadTs: str(args, 'thread_ts'),
    user: state.world.bot.userId,
    botId: state.world.bot.botId,
    ephemeralTo: user,
  };
  state.messages.push(message);
  return { ok: true, message_ts: message.ts };
};

/** A message Slack keeps for everyone in its place (not deleted, not ephemeral). */
const listed = (m: StoredMessage, channel: string) => m.channel === channel && m.deleted !== true && m.ephemeralTo === undefined;

function pageLimit(args: Args): number {
  const limit = Number(str(args, 'limit') ?? '100');
  return Number.isInteger(limit) && limit > 0 ? Math.min(limit, 999) : 100;
}

/** conversations.history: a channel's messages, newest first, without thread replies (first page only). */
const history: Method = (state, args) => {
  const target = resolvePostTarget(state, str(args, 'channel'));
  if (isFailure(target)) return target;
  const withMetadata = bool(args, 'include_all_metadata');
  const messages = state.messages.filter((m) => listed(m, target.id) && (m.threadTs === undefined || m.threadTs === m.ts)).reverse();
  const page = messages.slice(0, pageLimit(args));
  return { ok: true, messages: page.map((m) => messageObject(state, m, withMetadata)), has_more: messages.length > page.length, response_metadata: { next_cursor: '' } };
};

/** conversations.replies: a thread's parent and replies, oldest first (first page only). */
const replies: Method = (state, args) => {
  const target = resolvePostTarget(state, str(args, 'channel'));
  if (isFailure(target)) return target;
  const ts = str(args, 'ts');
  const withMetadata = bool(args, 'include_all_metadata');
  const thread = state.messages.filter((m) => listed(m, target.id) && (m.ts === ts || m.threadTs === ts));
  if (thread.length === 0) return fail('thread_not_found');
  const page = thread.slice(0, pageLimit(args));
  return { ok: true, messages: page.map((m) => messageObject(state, m, withMetadata)), has_more: thread.length > page.length, response_metadata: { next_cursor: '' } };
};

function findMessage(state: WebApiState, args: Args, tsKey: string): StoredMessage | MethodResult {
  const channel = str(args, 'channel');
  const ts = str(args, tsKey);
  if (channel === undefined) return fail('channel_not_found');
  const message = state.messages.find((m) => m.channel === channel && m.ts === ts && m.deleted !== true && m.ephemeralTo === undefined);
  return message ?? fail('message_not_found');
}

function isStored(value: StoredMessage | MethodResult): value is StoredMessage {
  return !('ok' in value);
}

const update: Method = (state, args) => {
  const message = findMessage(state, args, 'ts');
  if (!isStored(message)) return message;
  if (message.user !== state.world.bot.userId) return fail('cant_update_message');
  const text = str(args, 'text');
  if (text !== undefined && text.length > LIMITS.messageText) return fail('msg_too_long');
  const invalid = checkMessageBlocks(args.blocks);
  if (invalid !== undefined) return invalid;
  if (text !== undefined) message.text = text;
  if (args.blocks !== undefined) message.blocks = blocksOf(args);
  message.edited = { user: state.world.bot.userId, ts: nextTs(state) };
  return { ok: true, channel: message.channel, ts: message.ts, text: message.text ?? '', message: messageObject(state, message) };
};

const remove: Method = (state, args) => {
  const message = findMessage(state, args, 'ts');
  if (!isStored(message)) return message;
  if (message.user !== state.world.bot.userId) return fail('cant_delete_message');
  message.deleted = true;
  return { ok: true, channel: message.channel, ts: message.ts };
};

const getPermalink: Method = (state, args) => {
  const message = findMessage(state, args, 'message_ts');
  if (!isStored(message)) return message;
  const permalink = `https://${state.world.team.domain}.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}`;
  return { ok: true, channel: message.channel, permalink };
};

// ---- views ------------------------------------------------------------------------------

function checkTrigger(state: WebApiState, triggerId: string | undefined): MethodResult | undefined {
  if (triggerId === undefined || triggerId === '') return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] } });
  const minted = state.triggers.get(triggerId);
  if (minted === undefined) return state.strictTriggers ? fail('invalid_trigger_id') : undefined;
  if (minted < 0) return fail('trigger_exchanged');
  if (Date.now() - minted > state.triggerTtlMs) return fail('expired_trigger_id');
  state.triggers.set(triggerId, -1);
  return undefined;
}

function checkView(view: unknown, kind: 'modal' | 'home'): MethodResult | JsonObject {
  const invalid = (message: string): MethodResult => fail('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${message}`] } });
  if (!isObject(view)) return invalid('missing required field: view');
  if (view.type !== kind) return invalid(`must be a valid enum value [json-pointer:/view/type]`);
  if (kind === 'modal') {
    const title = view.title;
    if (!isObject(title) || typeof title.text !== 'string') return invalid('missing required field: title [json-pointer:/view]');
    if (title.text.length > LIMITS.modalTitle) return invalid('must be less than 25 characters [json-pointer:/view/title/text]');
    const blocks = Array.isArray(view.blocks) ? view.blocks : [];
    if (blocks.some((b) => isObject(b) && b.type === 'input') && view.submit === undefined) {
      return invalid('submit is required when an input block is within the blocks array [json-pointer:/view/submit]');
    }
  }
  if (!Array.isArray(view.blocks)) return invalid('missing required field: blocks [json-pointer:/view]');
  const blocksProblem = checkBlocks(view.blocks, LIMITS.modalBlocks);
  if (blocksProblem !== undefined) return blocksProblem;
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > LIMITS.privateMetadata) {
    return invalid('must be less than 3001 characters [json-pointer:/view/private_metadata]');
  }
  return view;
}

function viewObject(state: WebApiState, v: StoredView): JsonObject {
  return {
    id: v.id,
    team_id: state.world.team.id,
    type: v.kind,
    private_metadata: '',
    callback_id: '',
    external_id: v.externalId ?? '',
    ...v.view,
    state: { values: {} },
    hash: v.hash,
    clear_on_close: false,
    notify_on_close: false,
    root_view_id: v.rootViewId,
    previous_view_id: v.previousViewId ?? null,
    app_id: state.world.bot.appId,
    app_installed_team_id: state.world.team.id,
    bot_id: state.world.bot.botId,
  };
}

function storeView(state: WebApiState, view: JsonObject, kind: 'modal' | 'home', args: Args, previous?: StoredView): StoredView {
  const id = newId('V');
  const stored: StoredView = {
    id,
    view,
    userId: str(args, 'user_id'),
    triggerId: str(args, 'trigger_id'),
    hash: `${Date.now()}.${newId('')}`,
    externalId: typeof view.external_id === 'string' ? view.external_id : undefined,
    rootViewId: previous?.rootViewId ?? id,
    previousViewId: previous?.id,
    kind,
  };
  state.views.push(stored);
  return stored;
}

const viewsOpen: Method = (state, args) => {
  const view = checkView(args.view, 'modal');
  if ('ok' in view) return view as MethodResult;
  const triggerProblem = checkTrigger(state, str(args, 'trigger_id'));
  if (triggerProblem !== undefined) return triggerProblem;
  return { ok: true, view: viewObject(state, storeView(state, view, 'modal', args)) };
};

const viewsPush: Method = (state, args) => {
  const view = checkView(args.view, 'modal');
  if ('ok' in view) return view as MethodResult;
  const triggerProblem = checkTrigger(state, str(args, 'trigger_id'));
  if (triggerProblem !== undefined) return triggerProblem;
  const previous = state.views.filter((v) => v.kind === 'modal' && v.closed !== true).at(-1);
  return { ok: true, view: viewObject(state, storeView(state, view, 'modal', args, previous)) };
};

const viewsUpdate: Method = (state, args) => {
  const viewId = str(args, 'view_id');
  const externalId = str(args, 'external_id');
  if (viewId === undefined && externalId === undefined) return fail('invalid_arguments');
  const stored = state.views.find((v) => (viewId !== undefined ? v.id === viewId : v.externalId === externalId));
  if (stored === undefined) return fail('not_found');
  const view = checkView(args.view, stored.kind);
  if ('ok' in view) return view as MethodResult;
  const hash = str(args, 'hash');
  if (hash !== undefined && hash !== stored.hash) return fail('hash_conflict');
  stored.view = view;
  stored.hash = `${Date.now()}.${newId('')}`;
  return { ok: true, view: viewObject(state, stored) };
};

const viewsPublish: Method = (state, args) => {
  const userId = str(args, 'user_id') ?? '';
  if (lookupUser(state, userId) === undefined) return fail('user_not_found');
  const view = checkView(args.view, 'home');
  if ('ok' in view) return view as MethodResult;
  const existing = state.views.find((v) => v.kind === 'home' && v.userId === userId);
  if (existing !== undefined) {
    existing.view = view;
    existing.hash = `${Date.now()}.${newId('')}`;
    return { ok: true, view: viewObject(state, existing) };
  }
  return { ok: true, view: viewObject(state, storeView(state, view, 'home', args)) };
};

// ---- files --------------------------------------------------------------------------------

const getUploadUrlExternal: Method = (state, args) => {
  const filename = str(args, 'filename');
  const length = Number(str(args, 'length'));
  if (filename === undefined || filename === '') return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: filename'] } });
  if (!Number.isInteger(length) || length < 0) return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: length'] } });
  const file: StoredFile = {
    id: newId('F'),
    filename,
    length,
    title: undefined,
    altText: str(args, 'alt_text'),
    data: undefined,
    completed: false,
    channel: undefined,
    initialComment: undefined,
    threadTs: undefined,
  };
  state.files.set(file.id, file);
  return { ok: true, upload_url: `${state.baseUrl()}/upload/v1/${file.id}`, file_id: file.id };
};

/** Stores the bytes POSTed to an upload URL; false when the file id is unknown. */
export function receiveUpload(state: WebApiState, fileId: string, data: Buffer): boolean {
  const file = state.files.get(fileId);
  if (file === undefined || file.completed) return false;
  file.data = data;
  return true;
}

const completeUploadExternal: Method = (state, args) => {
  const entries = Array.isArray(args.files) ? args.files : [];
  if (entries.length === 0) return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: files'] } });
  const channelId = str(args, 'channel_id');
  let target: SlackChannelFixture | undefined;
  if (channelId !== undefined) {
    const resolved = resolvePostTarget(state, channelId);
    if (isFailure(resolved)) return resolved;
    target = resolved;
  }
  const files: StoredFile[] = [];
  for (const entry of entries) {
    const id = isObject(entry) && typeof entry.id === 'string' ? entry.id : '';
    const file = state.files.get(id);
    if (file === undefined || file.data === undefined) return fail('file_not_found');
    file.title = isObject(entry) && typeof entry.title === 'string' ? entry.title : file.filename;
    files.push(file);
  }
  for (const file of files) {
    file.completed = true;
    file.channel = target?.id;
    file.initialComment = str(args, 'initial_comment');
    file.threadTs = str(args, 'thread_ts');
  }
  if (target !== undefined) {
    state.messages.push({
      channel: target.id,
      ts: nextTs(state),
      text: str(args, 'initial_comment') ?? '',
      blocks: undefined,
      threadTs: str(args, 'thread_ts'),
      user: state.world.bot.userId,
      botId: state.world.bot.botId,
      files: files.map((f) => f.id),
    });
  }
  return {
    ok: true,
    files: files.map((f) => ({
      id: f.id,
      name: f.filename,
      title: f.title,
      size: f.data?.length ?? f.length,
      mimetype: 'application/octet-stream',
      user: state.world.bot.userId,
      is_public: bool(args, 'is_public'),
      url_private: `${state.baseUrl()}/files/${f.id}/${encodeURIComponent(f.filename)}`,
      permalink: `https://${state.world.team.domain}.slack.com/files/${state.world.bot.userId}/${f.id}/${encodeURIComponent(f.filename)}`,
      channels: f.channel !== undefined && f.channel.startsWith('C') ? [f.channel] : [],
      groups: [],
      ims: f.channel !== undefined && f.channel.startsWith('D') ? [f.channel] : [],
    })),
  };
};

export const messageMethods: Record<string, Method> = {
  'chat.postMessage': postMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.update': update,
  'chat.delete': remove,
  'chat.getPermalink': getPermalink,
  'conversations.history': history,
  'conversations.replies': replies,
  'views.open': viewsOpen,
  'views.push': viewsPush,
  'views.update': viewsUpdate,
  'views.publish': viewsPublish,
  'files.getUploadURLExternal': getUploadUrlExternal,
  'files.completeUploadExternal': completeUploadExternal,
};
