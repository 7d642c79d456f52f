/**
 * Resident threads and report sets generated from a seed, for checking topic summaries on data the
 * method was not tuned on. Each message keeps the topic it was written about (`topic`), which the
 * commands ignore and the checks compare with.
 *
 * Every topic has a list of phrasings (different words, sentence shapes, typos, some with no word
 * in common with the others). The `looked` part uses the even-numbered phrasings and the `heldout`
 * part the odd-numbered ones, with other seeds and other mixes, so the held-out part has sentences
 * that were never read while fixing anything.
 */
import { seededRandom, shuffled } from '../../src/core/seeded-random';

export type Part = 'looked' | 'heldout';
export type Lang = 'en' | 'zh';

export interface PlantedMessage {
  id: string;
  author: string;
  text: string;
  at: number;
  topic: string;
}

export interface PlantedThread {
  name: string;
  lang: Lang | 'mixed';
  part: Part;
  messages: PlantedMessage[];
  /** Topic -> share of the messages, as planted (small talk is `chat`). */
  shares: Record<string, number>;
  /** Author names and personal data planted in the text, none of which may reach a summary. */
  personal: string[];
}

/** Phrasings a topic; {b} a block number, {n} a flat number, {t} a time. */
const EN: Record<string, string[]> = {
  cars: [
    "There's never a free parking space near block {b} after 7pm.",
    'Visitors keep taking the residents’ bays every evening.',
    'Someone parked across the garage entrance again, I couldn’t get my car out.',
    'Can we get parking permits so only residents’ cars use the car park?',
    'The barrier at the car park has been stuck open for days, anyone drives in.',
    'A van has been left on the double yellow lines by block {b} for two weeks.',
    'I circled for half an hour last night looking for a spot for the car.',
    'Parking in the estate is a nightmare, too many cars and not enough spaces.',
    'Could the visitor spaces be marked so people stop parking on the grass?',
    'Cars parked on both sides of the road make it impossible for the bin lorry to pass.',
    'Why do some households have three cars in the car park?',
    'Ambulance couldn’t get close because of cars blocking the access road.',
  ],
  bikes: [
    'The bike racks by block {b} are full every morning.',
    'Could we have covered bicycle parking? Bikes rust in the rain.',
    'My bicycle was stolen from the rack outside the shop last week.',
    'We need somewhere safe to park bikes, the cycle shed is overflowing.',
    'E-scooters and bikes block the stairwell because there is no cycle storage.',
    'Please add more cycle stands near the school gate, kids lock their bikes to the fence.',
    'The bike shed lock is broken so anyone can get in.',
    'Bicycle parking at the station end of the estate would get more people cycling.',
    'Abandoned bikes with flat tyres take half the racks.',
    'Is there a waiting list for the secure bike lockers?',
    'I park my bike in the hallway because the racks are all taken.',
    'Cargo bikes do not fit the current stands, could there be a few wider ones?',
  ],
  noise: [
    'The noise from flat {n} goes on past midnight.',
    'Loud music every weekend until 2am, it’s too much.',
    'I can’t sleep because of the banging upstairs.',
    'Someone is drilling at 7 on a Sunday morning!',
    'The party next door kept my kids awake until {t}.',
    'its so lound at night i cant get any sleep',
    'Bass thumping through the walls again tonight.',
    'The renovation racket starts at dawn every day.',
    'There is a terrible din from the karaoke place downstairs.',
    'People shouting in the courtyard late at night.',
    'Is there a quiet hours rule? After 11pm it sounds like a nightclub here.',
    'My baby wakes up every time the neighbours’ speakers go on.',
    'noisey neighbours again last nite, third time this week',
    'The TV upstairs is blaring till 1 every night.',
    'Footsteps and furniture being dragged overhead at 3am.',
    'Could we agree that after ten everyone keeps the volume down?',
    'I have an early shift and the racket wakes me every night.',
    'Whoever is playing drums at midnight, please stop.',
    'Sound travels through these walls, I hear every word of the arguments next door.',
    'Motorbikes revving outside the windows at 2 in the morning.',
    'Earplugs don’t help anymore.',
    'the shouting and music at the weekend parties is unbearable',
    'Kids screaming in the stairwell till late, nobody says anything.',
    'Construction noise on a Saturday at 8am, is that even allowed?',
  ],
  lift: [
    'The lift in block {b} is broken again.',
    'The elevator got stuck between floors with a child inside.',
    'Lift out of order for a week, older residents can’t get down the stairs.',
    'When will the elevator be repaired?',
    'The lift doors don’t close properly and it beeps all day.',
    'I carried my shopping up nine floors because the lift is down.',
    'The elevator smells and the button for floor {b} doesn’t work.',
    'The lift engineer came but it broke again the next day.',
    'A wheelchair user on our floor is trapped at home while the lift is out.',
    'The lift jerks and stops suddenly, it feels unsafe.',
  ],
  bins: [
    'The bins by the gate are overflowing.',
    'Rubbish hasn’t been collected since Monday.',
    'The recycling bins are full of general waste again.',
    'Foxes rip the bin bags open every night.',
    'Someone dumped a sofa and an old fridge by the garages.',
    'The bin store smells awful in this heat.',
    'Can we have more recycling collections? The blue bins are always full.',
    'Litter all over the path after the weekend.',
    'Fly-tipping behind block {b} again, mattresses this time.',
    'Food waste caddies were never delivered to our floor.',
  ],
  heating: [
    'No hot water in block {b} since yesterday.',
    'The radiators are cold again.',
    'The heating is off and it’s freezing in the flat.',
    'The boiler keeps failing, this is the fourth time this winter.',
    'We have had lukewarm showers all week.',
    'Is the communal heating being fixed? My kids are sleeping in coats.',
    'The heating comes on at 5am and goes off when we get home.',
    'Radiator leaking and the heat never gets to the bedroom.',
  ],
  dogs: [
    'Dog mess all over the path by the playground.',
    'Dogs off the lead near small children, it’s frightening.',
    'Please pick up after your dog.',
    'A dog barks in the flat above whenever the owner goes out.',
    'Could we have a dog bin near the green?',
    'Someone lets their dog foul the stairwell.',
  ],
  garden: [
    'Could we plant some fruit trees in the communal garden?',
    'Who waters the flower beds in summer?',
    'I would love a small vegetable patch for the residents.',
    'The hedges need trimming, they block the path.',
  ],
  chat: [
    'me too', 'Same here.', '+1', 'Agreed.', 'Thanks everyone.', 'Good morning all!', 'Exactly this.',
    'yes', 'Thank you for raising it.', 'Any news?', 'See you at the meeting.', 'lol', 'Totally.',
    'Happy new year neighbours!', 'Thanks!', 'Same.',
  ],
};

const ZH: Record<string, string[]> = {
  cars: [
    '晚上七点以后{b}号楼附近根本找不到车位。',
    '外来车辆老是占业主的停车位。',
    '有人把车停在消防通道上，太危险了。',
    '能不能给业主办停车证，外面的车不让进？',
    '地库道闸坏了好几天，谁的车都能开进来。',
    '一辆面包车在{b}号楼下停了两个星期没动过。',
    '昨晚绕了半个小时才找到地方停车。',
    '小区车太多，车位太少，每天停车都头疼。',
    '访客车位能不能画出来？现在都停到草坪上了。',
    '路两边都停满了汽车，垃圾车都开不进来。',
    '有些人家占了三个车位，这公平吗？',
    '救护车进不来，因为汽车把路堵死了。',
  ],
  bikes: [
    '电动车没地方停，只能推进楼道里。',
    '自行车棚满了，能不能再建一个？',
    '我的自行车在车棚里被偷了。',
    '非机动车停车棚太小了，早上根本挤不进去。',
    '充电桩不够用，电动车停得乱七八糟。',
    '学校门口能不能多装些自行车停放架？',
    '车棚的锁坏了，谁都能进去。',
    '很多僵尸自行车占着车棚，能不能清理一下？',
    '电瓶车在楼道里充电太危险了，需要集中停放充电的地方。',
    '单车到处乱停，把盲道都挡住了。',
    '我只能把电动车停在家门口，车棚一直是满的。',
    '能不能给电动自行车搭个雨棚？下雨天车座全湿了。',
  ],
  noise: [
    '楼上天天半夜装修，吵得睡不着。',
    '广场舞的音乐太响了，晚上九点多还在跳。',
    '隔壁打麻将打到凌晨两点，哗啦哗啦的。',
    '楼上的小孩跑来跑去，咚咚咚响个不停。',
    '周日早上七点就开始用电钻。',
    '夜里有人在楼下喝酒唱歌。',
    '能不能规定一下晚上十点以后保持安静？',
    '孩子刚睡着又被吵醒了。',
    '噪声扰民太严重了。',
    '晚上吵死了',
    '吵的我都神经衰弱了',
    '音响开那么大声，整栋楼都听得到。',
    '楼下KTV的声音一直传到我家。',
    '楼上拖椅子的声音每天半夜都有。',
    '凌晨还有施工，机器轰隆隆的。',
    '隔壁吵架的声音我听得一清二楚。',
    '半夜摩托车轰油门，把人吓醒。',
    '我上早班，每天晚上都被吵得没法休息。',
    '谁家半夜还在弹钢琴？',
    '戴了耳塞也没用。',
    '周末的聚会声音太大，实在受不了。',
    '楼道里小孩尖叫到很晚，也没人管。',
    '晚上十一点了还在砸墙，这合理吗？',
    '睡眠严重不足，都是因为楼上的动静。',
  ],
  lift: [
    '{b}号楼的电梯又坏了。',
    '电梯卡在半空，里面还有一位老人。',
    '电梯停运一个星期了，老人下不了楼。',
    '电梯什么时候能修好？',
    '电梯门关不上，一直在响。',
    '电梯坏了，我提着菜爬了九层楼。',
    '电梯里有异味，{b}楼的按钮也不灵。',
    '维修工刚来修过，第二天电梯又停了。',
    '我们这层有坐轮椅的邻居，电梯一坏就出不了门。',
    '电梯运行时忽上忽下，感觉很不安全。',
  ],
  bins: [
    '门口的垃圾桶满了，一直没人清。',
    '垃圾从周一到现在都没人收。',
    '可回收垃圾桶里全是其他垃圾。',
    '夜里野猫把垃圾袋都扒开了。',
    '有人把旧沙发和冰箱扔在车库旁边。',
    '天热了，垃圾站的味道太难闻了。',
    '垃圾分类点能不能多收几次？',
    '周末过后路上到处是垃圾。',
    '{b}号楼后面又有人乱倒建筑垃圾。',
    '厨余垃圾桶一直没有发到我们楼层。',
  ],
  fees: [
    '物业费又涨了，服务却一点没变好。',
    '物业费的账目能不能公开？',
    '为什么我们的物业费比隔壁小区贵？',
    '交了物业费，保安还是经常不在岗。',
    '物业公司收费不透明，公共收益去哪了？',
    '停车管理费和物业费能分开收吗？',
    '维修基金怎么用的，业主有权知道。',
    '物业服务这么差，明年我不想续费了。',
  ],
  dogs: [
    '遛狗不拴绳，小孩看见都害怕。',
    '草坪上到处是狗屎。',
    '请养狗的邻居随手清理粪便。',
    '楼上的狗一到白天就叫个不停。',
    '能不能在绿地旁边放个宠物垃圾桶？',
    '有人让狗在楼道里随地大小便。',
  ],
  garden: [
    '小区能不能多种几棵果树？',
    '花坛里的花都枯了，夏天谁来浇水？',
    '想给居民开辟一小块菜地。',
    '树枝长得太长了，挡住了人行道。',
  ],
  chat: [
    '同意', '+1', '我也是', '谢谢大家', '早上好', '辛苦了', '确实', '是的是的', '支持', '顶', '有进展吗？',
    '开会见', '哈哈', '新年快乐，邻居们！', '谢谢！', '一样',
  ],
};

const EN_AUTHORS = ['Maria Chen', 'Tom Baker', 'Priya Patel', 'Olu Adeyemi', 'Grace Kim', 'Sam Novak', 'Hannah Weiss', 'Diego Ruiz'];
const ZH_AUTHORS = ['王芳', '李伟', '张秀英', '刘洋', '陈静', '杨磊', '赵敏', '黄婷'];
const EN_BEFORE = ['', '', '', '', 'Honestly, ', 'Again: ', 'Hi all, ', 'Not again. '];
const EN_AFTER = ['', '', '', '', ' Anyone else?', ' Please sort it out.', ' Thanks.', '!!'];
const ZH_BEFORE = ['', '', '', '', '说实话，', '唉，', '大家好，', '又来了。'];
const ZH_AFTER = ['', '', '', '', '有没有人管管？', '希望尽快解决。', '谢谢。', '！！'];

/** Personal data a resident might leave in a message, with what must not appear in a summary. */
function personalBit(lang: Lang, random: () => number, author: string): { text: string; hidden: string[] } {
  const pick = Math.floor(random() * 4);
  const phone = lang === 'en' ? `07700 9${String(Math.floor(random() * 90_000) + 10_000)}` : `139${String(Math.floor(random() * 90_000_000) + 10_000_000)}`;
  const email = `resident${Math.floor(random() * 900) + 100}@example.org`;
  if (lang === 'en') {
    if (pick === 0) return { text: ` Call me on ${phone}.`, hidden: [phone] };
    if (pick === 1) return { text: ` Email me at ${email}.`, hidden: [email] };
    if (pick === 2) return { text: ` I'm at 14 Rose Street if anyone wants to talk.`, hidden: ['14 Rose Street'] };
    return { text: ` — ${author}`, hidden: [author] };
  }
  if (pick === 0) return { text: `有事打我电话${phone}。`, hidden: [phone] };
  if (pick === 1) return { text: `邮箱${email}。`, hidden: [email] };
  if (pick === 2) return { text: '我住幸福小区3号楼2单元501室。', hidden: ['幸福小区3号楼2单元501室'] };
  return { text: `（${author}）`, hidden: [author] };
}

function typo(text: string, random: () => number): string {
  const chars = [...text];
  const i = 1 + Math.floor(random() * Math.max(1, chars.length - 3));
  if (!/\p{L}/u.test(chars[i] ?? '') || !/\p{L}/u.test(chars[i + 1] ?? '')) return text;
  [chars[i], chars[i + 1]] = [chars[i + 1] as string, chars[i] as string];
  return chars.join('');
}

function fill(template: string, random: () => number): string {
  return template
    .replace(/\{b\}/gu, String(1 + Math.floor(random() * 12)))
    .replace(/\{n\}/gu, String(100 + Math.floor(random() * 900)))
    .replace(/\{t\}/gu, `${1 + Math.floor(random() * 3)}am`);
}

export interface ThreadPlan {
  name: string;
  lang: Lang | 'mixed';
  size: number;
  /** Topic -> share (chat included); shares are rounded to whole messages. */
  mix: Record<string, number>;
  seed: number;
  /** Short forms only (a few words). */
  short?: boolean;
  /** No small talk and no personal bits (feedback reports). */
  reports?: boolean;
}

const SHORT_EN: Record<string, string[]> = {
  lift: ['lift broken', 'lift down again', 'elevator stuck', 'no lift', 'lift?!', 'elevator out', 'lift dead', 'elevator fixed yet?'],
  noise: ['so loud', 'noise again', 'cant sleep', 'music at 2am', 'racket', 'too noisy', 'banging upstairs', 'shouting again'],
  bins: ['bins full', 'rubbish everywhere', 'bins!', 'litter', 'no collection', 'bin bags ripped', 'trash again', 'recycling full'],
  cars: ['no parking', 'car park full', 'no spaces', 'cars on grass', 'parking again', 'car blocking', 'bay taken', 'no car space'],
  chat: ['+1', 'me too', 'same', 'yes', 'ok', 'thx', 'agreed', 'lol'],
};
const SHORT_ZH: Record<string, string[]> = {
  lift: ['电梯坏了', '电梯又停了', '电梯卡住', '没电梯', '电梯！', '电梯修了吗', '电梯不动', '电梯故障'],
  noise: ['太吵', '又吵了', '睡不着', '半夜音乐', '吵死', '噪音', '楼上砸', '又在喊'],
  bins: ['垃圾满了', '到处垃圾', '垃圾桶！', '没人收垃圾', '垃圾袋破了', '又是垃圾', '回收桶满', '垃圾臭'],
  cars: ['没车位', '车库满了', '没地方停车', '车停草坪', '又占车位', '车挡路', '车位被占', '停车难'],
  chat: ['+1', '我也是', '同意', '对', '好', '谢谢', '支持', '哈哈'],
};

/** Generates one thread from its plan, reproducibly. */
export function generateThread(plan: ThreadPlan, part: Part): PlantedThread {
  const random = seededRandom(plan.seed);
  const topics = Object.keys(plan.mix);
  const counts = topics.map((topic) => Math.round((plan.mix[topic] as number) * plan.size));
  const labels = shuffled(topics.flatMap((topic, i) => new Array<string>(counts[i] as number).fill(topic)), random);
  const personal = new Set<string>();
  const messages = labels.map((topic, i) => {
    const lang: Lang = plan.lang === 'mixed' ? (random() < 0.5 ? 'en' : 'zh') : plan.lang;
    const authors = lang === 'en' ? EN_AUTHORS : ZH_AUTHORS;
    const author = authors[Math.floor(random() * authors.length)] as string;
    const pool = (plan.short ? (lang === 'en' ? SHORT_EN : SHORT_ZH) : lang === 'en' ? EN : ZH)[topic] as string[];
    const own = pool.filter((_, j) => (j % 2 === 0) === (part === 'looked'));
    let text = fill(own[Math.floor(random() * own.length)] as string, random);
    if (topic !== 'chat' && !plan.short) {
      const before = (lang === 'en' ? EN_BEFORE : ZH_BEFORE)[Math.floor(random() * 8)] as string;
      const after = (lang === 'en' ? EN_AFTER : ZH_AFTER)[Math.floor(random() * 8)] as string;
      if (/^[!！]/u.test(after)) text = text.replace(/[.。]$/u, '');
      const lower = lang === 'en' && before && !/^I\b/u.test(text) ? `${text.charAt(0).toLowerCase()}${text.slice(1)}` : text;
      text = `${before}${lower}${after}`;
      if (random() < 0.08) text = typo(text, random);
      if (!plan.reports && random() < 0.06) {
        const bit = personalBit(lang, random, author);
        text += bit.text;
        for (const hidden of bit.hidden) personal.add(hidden);
      }
    }
    if (!plan.reports && topic !== 'chat' && random() < 0.05) {
      const other = authors[Math.floor(random() * authors.length)] as string;
      text = lang === 'en' ? `@${other} ${text}` : `${other}说得对，${text}`;
      personal.add(other);
    }
    return { id: plan.reports ? `FB-${String(i + 1).padStart(4, '0')}` : `m${i + 1}`, author, text, at: 1_790_000_000_000 + i * 60_000, topic };
  });
  const shares: Record<string, number> = {};
  topics.forEach((topic, i) => {
    shares[topic] = (counts[i] as number) / labels.length;
  });
  return { name: plan.name, lang: plan.lang, part, messages, shares, personal: [...personal] };
}

/** The threads of one part. The held-out part has its own seeds and mixes. */
export function plans(part: Part): ThreadPlan[] {
  const s = part === 'looked' ? 100 : 900;
  if (part === 'looked') {
    return [
      { name: 'en-estate', lang: 'en', size: 1200, seed: s + 1, mix: { cars: 0.24, noise: 0.2, lift: 0.16, bins: 0.12, heating: 0.1, dogs: 0.06, garden: 0.03, chat: 0.09 } },
      { name: 'zh-estate', lang: 'zh', size: 1500, seed: s + 2, mix: { cars: 0.22, noise: 0.2, lift: 0.15, bins: 0.13, fees: 0.11, dogs: 0.06, garden: 0.03, chat: 0.1 } },
      { name: 'en-small', lang: 'en', size: 240, seed: s + 3, mix: { noise: 0.2, bins: 0.35, lift: 0.25, garden: 0.04, chat: 0.16 } },
      { name: 'zh-small', lang: 'zh', size: 260, seed: s + 4, mix: { noise: 0.2, lift: 0.3, fees: 0.3, garden: 0.04, chat: 0.16 } },
      { name: 'en-one-topic', lang: 'en', size: 300, seed: s + 5, mix: { lift: 0.9, chat: 0.1 } },
      { name: 'en-cars-bikes', lang: 'en', size: 500, seed: s + 6, mix: { cars: 0.42, bikes: 0.38, chat: 0.2 } },
      { name: 'zh-cars-bikes', lang: 'zh', size: 500, seed: s + 7, mix: { cars: 0.42, bikes: 0.38, chat: 0.2 } },
      { name: 'en-short', lang: 'en', size: 400, seed: s + 8, short: true, mix: { lift: 0.3, noise: 0.2, bins: 0.25, cars: 0.15, chat: 0.1 } },
      { name: 'zh-short', lang: 'zh', size: 400, seed: s + 9, short: true, mix: { lift: 0.3, noise: 0.2, bins: 0.25, cars: 0.15, chat: 0.1 } },
      { name: 'mixed', lang: 'mixed', size: 800, seed: s + 10, mix: { lift: 0.3, noise: 0.2, bins: 0.25, bikes: 0.15, chat: 0.1 } },
      { name: 'en-reports', lang: 'en', size: 400, seed: s + 11, reports: true, mix: { cars: 0.3, noise: 0.2, lift: 0.2, bins: 0.15, heating: 0.12, garden: 0.03 } },
      { name: 'zh-reports', lang: 'zh', size: 400, seed: s + 12, reports: true, mix: { cars: 0.3, noise: 0.2, lift: 0.2, bins: 0.15, fees: 0.12, garden: 0.03 } },
    ];
  }
  return [
    { name: 'en-estate', lang: 'en', size: 2000, seed: s + 1, mix: { lift: 0.25, noise: 0.2, bins: 0.15, cars: 0.12, bikes: 0.08, heating: 0.08, garden: 0.04, chat: 0.08 } },
    { name: 'zh-estate', lang: 'zh', size: 1800, seed: s + 2, mix: { fees: 0.24, noise: 0.2, cars: 0.16, lift: 0.12, bins: 0.1, dogs: 0.07, garden: 0.03, chat: 0.08 } },
    { name: 'en-small', lang: 'en', size: 220, seed: s + 3, mix: { heating: 0.3, noise: 0.2, dogs: 0.3, garden: 0.04, chat: 0.16 } },
    { name: 'zh-small', lang: 'zh', size: 210, seed: s + 4, mix: { bins: 0.35, noise: 0.2, dogs: 0.25, garden: 0.04, chat: 0.16 } },
    { name: 'zh-one-topic', lang: 'zh', size: 350, seed: s + 5, mix: { noise: 0.9, chat: 0.1 } },
    { name: 'en-cars-bikes', lang: 'en', size: 700, seed: s + 6, mix: { cars: 0.35, bikes: 0.35, noise: 0.2, chat: 0.1 } },
    { name: 'zh-cars-bikes', lang: 'zh', size: 700, seed: s + 7, mix: { cars: 0.35, bikes: 0.35, noise: 0.2, chat: 0.1 } },
    { name: 'en-short', lang: 'en', size: 300, seed: s + 8, short: true, mix: { cars: 0.3, bins: 0.3, noise: 0.2, lift: 0.1, chat: 0.1 } },
    { name: 'zh-short', lang: 'zh', size: 300, seed: s + 9, short: true, mix: { cars: 0.3, bins: 0.3, noise: 0.2, lift: 0.1, chat: 0.1 } },
    { name: 'mixed', lang: 'mixed', size: 1000, seed: s + 10, mix: { cars: 0.3, noise: 0.2, lift: 0.2, dogs: 0.2, chat: 0.1 } },
    { name: 'en-reports', lang: 'en', size: 600, seed: s + 11, reports: true, mix: { lift: 0.3, noise: 0.2, bikes: 0.2, dogs: 0.15, heating: 0.12, garden: 0.03 } },
    { name: 'zh-reports', lang: 'zh', size: 600, seed: s + 12, reports: true, mix: { bins: 0.3, noise: 0.2, bikes: 0.2, dogs: 0.15, fees: 0.12, garden: 0.03 } },
  ];
}

export function threads(part: Part): PlantedThread[] {
  return plans(part).map((plan) => generateThread(plan, part));
}
