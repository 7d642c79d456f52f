import type { Flow, Step } from './schema';
import { WAITING_KINDS } from './steps';

/**
 * The flow as a graph, read from the script alone: every place that leads somewhere (a step's
 * `next`, a branch's cases, a command, a timer, a function's cases) is an edge. Entry points are
 * `start`, the flow's commands and timers, and its `onMessage` / `onChoice` functions.
 */
export interface Edge {
  from: string;
  to: string;
  /** The case, command or button that takes this edge, when there is one. */
  label?: string;
}

/** Node ids of entry points that are not steps. */
export const entry = {
  start: '@start',
  command: (name: string) => `@command:${name}`,
  timer: (name: string) => `@timer:${name}`,
  hook: (name: 'onMessage' | 'onChoice') => `@${name}`,
};

/** `@back` leads to the step waited in before: it is drawn, but reaches nothing new. */
export const BACK = '@back';

function caseEdges(from: string, cases: Record<string, string> | undefined, prefix = ''): Edge[] {
  return Object.entries(cases ?? {}).map(([name, to]) => ({ from, to, label: `${prefix}${name}` }));
}

function stepEdges(id: string, step: Step): Edge[] {
  const edges: Edge[] = [];
  if ('next' in step && step.next) edges.push({ from: id, to: step.next });
  switch (step.kind) {
    case 'branch':
      edges.push(...caseEdges(id, step.cases));
      if (step.default) edges.push({ from: id, to: step.default, label: 'default' });
      break;
    case 'call':
    case 'ask':
    case 'form':
    case 'collect':
      edges.push(...caseEdges(id, step.cases));
      break;
    case 'wait':
      for (const [command, handler] of Object.entries(step.on)) {
        if (handler.goto) edges.push({ from: id, to: handler.goto, label: command });
        edges.push(...caseEdges(id, handler.cases, `${command}: `));
      }
      break;
    default:
      break;
  }
  return edges;
}

export function edgesOf(flow: Flow): Edge[] {
  const edges: Edge[] = [{ from: entry.start, to: flow.start }];
  for (const [name, handler] of Object.entries(flow.commands)) {
    if (handler.goto) edges.push({ from: entry.command(name), to: handler.goto });
    edges.push(...caseEdges(entry.command(name), handler.cases));
  }
  for (const [name, handler] of Object.entries(flow.timers)) {
    if (handler.goto) edges.push({ from: entry.timer(name), to: handler.goto });
    edges.push(...caseEdges(entry.timer(name), handler.cases));
  }
  if (flow.onMessage) edges.push(...caseEdges(entry.hook('onMessage'), flow.onMessage.cases));
  if (flow.onChoice) edges.push(...caseEdges(entry.hook('onChoice'), flow.onChoice.cases));
  for (const [id, step] of Object.entries(flow.steps)) edges.push(...stepEdges(id, step));
  return edges;
}

/** The entry points: start, every command and timer, and the message and button functions. */
export function entriesOf(flow: Flow): string[] {
  return [
    entry.start,
    ...Object.keys(flow.commands).map(entry.command),
    ...Object.keys(flow.timers).map(entry.timer),
    ...(flow.onMessage ? [entry.hook('onMessage')] : []),
    ...(flow.onChoice ? [entry.hook('onChoice')] : []),
  ];
}

/** Steps that nothing in the script leads to (from start, a command, a timer or a function's case). */
export function unreachableSteps(flow: Flow): string[] {
  const edges = edgesOf(flow);
  const seen = new Set<string>();
  const queue = entriesOf(flow);
  while (queue.length > 0) {
    const node = queue.shift() as string;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const edge of edges) if (edge.from === node && !seen.has(edge.to)) queue.push(edge.to);
  }
  return Object.keys(flow.steps).filter((id) => !seen.has(id));
}

/**
 * Loops of steps that go round without any step on them waiting for people (an ask, form, wait,
 * turns, collect or open_space): entered, such a loop would never stop, and every conversation
 * reaching it would fail. Each loop is given as its steps in order, back to the first.
 */
export function loopsWithoutWaiting(flow: Flow): string[][] {
  const goesOn = (id: string) => {
    const step = flow.steps[id];
    return step !== undefined && !WAITING_KINDS.has(step.kind) && step.kind !== 'end';
  };
  const ids = Object.keys(flow.steps).filter(goesOn);
  // Where each step that does not wait may go on to at once, in the order the script writes it.
  const onward = new Map(ids.map((id) => [id, [...new Set(stepEdges(id, flow.steps[id] as Step).map((e) => e.to))].filter(goesOn)]));
  const loops: string[][] = [];
  const inLoop = new Set<string>();
  for (const first of ids) {
    if (inLoop.has(first)) continue;
    // The shortest way from this step back to itself, if there is one.
    const cameFrom = new Map<string, string>();
    const queue = [first];
    let last: string | undefined;
    while (queue.length > 0 && last === undefined) {
      const node = queue.shift() as string;
      for (const to of onward.get(node) ?? []) {
        if (to === first) {
          last = node;
          break;
        }
        if (!cameFrom.has(to)) {
          cameFrom.set(to, node);
          queue.push(to);
        }
      }
    }
    if (last === undefined) continue;
    const loop = [first];
    for (let node = last; node !== first; node = cameFrom.get(node) as string) loop.splice(1, 0, node);
    loop.push(first);
    loop.forEach((id) => inLoop.add(id));
    loops.push(loop);
  }
  return loops;
}

const quote = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;

function nodeId(node: string): string {
  if (node === entry.start) return 'start';
  if (node === BACK) return 'back';
  return node.startsWith('@') ? node.slice(1).replace(/[^a-zA-Z0-9_]/g, '_') : `s_${node}`;
}

function stepLabel(id: string, step: Step): string {
  const parts = [`<b>${id}</b>`, step.kind];
  if ('message' in step && step.message) parts.push(step.message);
  if ('fn' in step && step.fn) parts.push(`${step.fn}()`);
  if (step.kind === 'ask' && step.pace === 'own') parts.push('at own pace');
  if (step.stage) parts.push(`stage: ${step.stage}`);
  return parts.join('<br/>');
}

function stepNode(id: string, step: Step): string {
  const label = quote(stepLabel(id, step));
  switch (step.kind) {
    case 'branch':
      return `${nodeId(id)}{${label}}`;
    case 'end':
      return `${nodeId(id)}([${label}])`;
    case 'ask':
    case 'form':
    case 'wait':
    case 'turns':
    case 'collect':
    case 'open_space':
      return `${nodeId(id)}(${label})`;
    default:
      return `${nodeId(id)}[${label}]`;
  }
}

function entryNode(flow: Flow, node: string): string {
  if (node === entry.start) return 'start((start))';
  if (node.startsWith('@command:')) {
    const name = node.slice('@command:'.length);
    const fn = flow.commands[name]?.fn;
    return `${nodeId(node)}[/${quote(`command ${name}${fn ? `<br/>${fn}()` : ''}`)}/]`;
  }
  if (node.startsWith('@timer:')) {
    const name = node.slice('@timer:'.length);
    const fn = flow.timers[name]?.fn;
    return `${nodeId(node)}[\\${quote(`timer ${name}${fn ? `<br/>${fn}()` : ''}`)}\\]`;
  }
  const hook = node.slice(1) as 'onMessage' | 'onChoice';
  return `${nodeId(node)}[/${quote(`${hook}<br/>${flow[hook]?.fn ?? ''}()`)}/]`;
}

/**
 * The flow as Mermaid text (`flowchart TD`), drawn from the script alone. Steps are grouped by
 * stage; commands, timers and functions that never move the run elsewhere are listed in a box of
 * their own.
 */
export function mermaid(flow: Flow): string {
  const edges = edgesOf(flow);
  const lines = ['flowchart TD'];
  const moving = entriesOf(flow).filter((node) => edges.some((e) => e.from === node));
  const staying = entriesOf(flow).filter((node) => !moving.includes(node));
  for (const node of moving) lines.push(`  ${entryNode(flow, node)}`);
  if (staying.length > 0) {
    lines.push('  subgraph anywhere["In any step, without moving the run"]');
    for (const node of staying) lines.push(`    ${entryNode(flow, node)}`);
    lines.push('  end');
  }
  // Steps are grouped by stage: a step marked `stage:` begins one, and the steps written after it
  // belong to it until the next stage begins.
  let stage: string | undefined;
  for (const [id, step] of Object.entries(flow.steps)) {
    if (step.stage !== undefined && step.stage !== stage) {
      if (stage !== undefined) lines.push('  end');
      stage = step.stage;
      lines.push(`  subgraph stage_${stage}[${quote(`stage: ${stage}`)}]`);
    }
    lines.push(`${stage !== undefined ? '    ' : '  '}${stepNode(id, step)}`);
  }
  if (stage !== undefined) lines.push('  end');
  if (edges.some((e) => e.to === BACK)) lines.push('  back(("back: the step before"))');
  for (const edge of edges) {
    const arrow = edge.label ? ` -- ${quote(edge.label)} --> ` : ' --> ';
    lines.push(`  ${nodeId(edge.from)}${arrow}${nodeId(edge.to)}`);
  }
  return `${lines.join('\n')}\n`;
}
