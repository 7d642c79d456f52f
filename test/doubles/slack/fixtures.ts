/**
 * The world the Slack double pretends to be: one workspace, its bot, people, channels and
 * user groups. Tests take the default world and override what they need.
 */

export interface SlackTeam {
  id: string;
  name: string;
  domain: string;
}

export interface SlackBotIdentity {
  /** The bot's user id (`U...`), what `auth.test` returns as `user_id`. */
  userId: string;
  /** The bot id (`B...`), what `auth.test` returns as `bot_id`. */
  botId: string;
  appId: string;
  name: string;
}

export interface SlackUserFixture {
  id: string;
  /** Short handle, used by tests to refer to people: `maria`, `li`. */
  name: string;
  realName: string;
  /** Free text role shown in the profile title: `resident`, `social worker`. */
  title: string;
  tz: string;
  locale: string;
  isAdmin?: boolean;
  isBot?: boolean;
}

export interface SlackChannelFixture {
  id: string;
  name: string;
  isPrivate: boolean;
  /** Direct message channel (`D...`) with exactly one other user. */
  isIm?: boolean;
  /** Multi-person direct message. */
  isMpim?: boolean;
  /** For direct messages: the other person. */
  user?: string;
  creator: string;
  members: string[];
  topic?: string;
  purpose?: string;
  created: number;
}

export interface SlackUsergroupFixture {
  id: string;
  handle: string;
  name: string;
  description: string;
  users: string[];
}

export interface SlackTokens {
  /** Bot token (`xoxb-`) given to `new App({ token })`. */
  bot: string;
  /** App-level token (`xapp-`) for Socket Mode's `apps.connections.open`. */
  app: string;
  /** Further tokens the double accepts as bot tokens (for example a second installation). */
  extraBot?: string[];
}

export interface SlackWorld {
  team: SlackTeam;
  bot: SlackBotIdentity;
  users: SlackUserFixture[];
  channels: SlackChannelFixture[];
  usergroups: SlackUsergroupFixture[];
  tokens: SlackTokens;
  signingSecret: string;
}

export const DEFAULT_TEAM: SlackTeam = { id: 'T0CMNGRND', name: 'Commonground Test', domain: 'commonground-test' };

export const DEFAULT_BOT: SlackBotIdentity = {
  userId: 'U0BOT00001',
  botId: 'B0BOT00001',
  appId: 'A0APP00001',
  name: 'commonground',
};

export const DEFAULT_TOKENS: SlackTokens = {
  bot: 'xoxb-0000-commonground-test',
  app: 'xapp-1-A0APP00001-0000-commonground-test',
};

export const DEFAULT_SIGNING_SECRET = 'commonground-test-signing-secret';

/** Well-known ids of the default world, so tests can write `USERS.maria` instead of a literal. */
export const USERS = {
  maria: 'U0MARIA001',
  chen: 'U0CHEN0001',
  li: 'U0LI000001',
  wang: 'U0WANG0001',
} as const;

export const CHANNELS = {
  general: 'C0GENERAL1',
  housingOffice: 'G0HOUSING1',
} as const;

export const USERGROUPS = {
  socialWorkers: 'S0SOCIALW1',
  coordinators: 'S0COORDIN1',
} as const;

const CREATED = 1_700_000_000;

function defaultUsers(): SlackUserFixture[] {
  return [
    { id: USERS.maria, name: 'maria', realName: 'Maria Santos', title: 'resident', tz: 'Europe/Lisbon', locale: 'en-US' },
    { id: USERS.chen, name: 'chen', realName: 'Chen Jie', title: 'resident', tz: 'Asia/Shanghai', locale: 'zh-CN' },
    { id: USERS.li, name: 'li', realName: 'Li Na', title: 'social worker', tz: 'Asia/Shanghai', locale: 'zh-CN' },
    {
      id: USERS.wang,
      name: 'wang',
      realName: 'Wang Fang',
      title: 'coordinator',
      tz: 'Asia/Shanghai',
      locale: 'zh-CN',
      isAdmin: true,
    },
  ];
}

function defaultChannels(bot: SlackBotIdentity): SlackChannelFixture[] {
  return [
    {
      id: CHANNELS.general,
      name: 'general',
      isPrivate: false,
      creator: USERS.wang,
      members: [USERS.maria, USERS.chen, USERS.li, USERS.wang, bot.userId],
      topic: 'Everything about our neighbourhood',
      purpose: 'Open to every resident',
      created: CREATED,
    },
    {
      id: CHANNELS.housingOffice,
      name: 'housing-office',
      isPrivate: true,
      creator: USERS.wang,
      members: [USERS.li, USERS.wang, bot.userId],
      topic: 'Housing office staff',
      purpose: 'Case coordination',
      created: CREATED,
    },
  ];
}

function defaultUsergroups(): SlackUsergroupFixture[] {
  return [
    {
      id: USERGROUPS.socialWorkers,
      handle: 'social-workers',
      name: 'Social workers',
      description: 'Mediators and case workers',
      users: [USERS.li],
    },
    {
      id: USERGROUPS.coordinators,
      handle: 'coordinators',
      name: 'Coordinators',
      description: 'Community coordinators',
      users: [USERS.wang],
    },
  ];
}

export interface SlackWorldOverrides {
  team?: Partial<SlackTeam>;
  bot?: Partial<SlackBotIdentity>;
  /** Replaces the default people. */
  users?: SlackUserFixture[];
  /** Added to the default people (or to `users`). */
  extraUsers?: SlackUserFixture[];
  /** Replaces the default channels. */
  channels?: SlackChannelFixture[];
  extraChannels?: SlackChannelFixture[];
  /** Replaces the default user groups. */
  usergroups?: SlackUsergroupFixture[];
  extraUsergroups?: SlackUsergroupFixture[];
  tokens?: Partial<SlackTokens>;
  signingSecret?: string;
}

/** A fresh, independent copy of the world (mutating it never leaks into another test). */
export function createSlackWorld(overrides: SlackWorldOverrides = {}): SlackWorld {
  const bot: SlackBotIdentity = { ...DEFAULT_BOT, ...overrides.bot };
  const clone = <T>(value: T): T => structuredClone(value);
  return {
    team: { ...DEFAULT_TEAM, ...overrides.team },
    bot,
    users: clone([...(overrides.users ?? defaultUsers()), ...(overrides.extraUsers ?? [])]),
    channels: clone([...(overrides.channels ?? defaultChannels(bot)), ...(overrides.extraChannels ?? [])]),
    usergroups: clone([...(overrides.usergroups ?? defaultUsergroups()), ...(overrides.extraUsergroups ?? [])]),
    tokens: { ...DEFAULT_TOKENS, ...overrides.tokens },
    signingSecret: overrides.signingSecret ?? DEFAULT_SIGNING_SECRET,
  };
}

/** Looks a person up by id or by handle (`maria`). */
export function findUser(world: SlackWorld, idOrName: string): SlackUserFixture | undefined {
  return world.users.find((u) => u.id === idOrName || u.name === idOrName);
}

/** Looks a channel up by id or by name (`general`, `#general`). */
export function findChannel(world: SlackWorld, idOrName: string): SlackChannelFixture | undefined {
  const name = idOrName.startsWith('#') ? idOrName.slice(1) : idOrName;
  return world.channels.find((c) => c.id === idOrName || (c.name === name && !c.isIm && !c.isMpim));
}

/** Resolves a handle to an id; ids and unknown values pass through unchanged. */
export function userId(world: SlackWorld, idOrName: string): string {
  return findUser(world, idOrName)?.id ?? idOrName;
}

export function channelId(world: SlackWorld, idOrName: string): string {
  return findChannel(world, idOrName)?.id ?? idOrName;
}
