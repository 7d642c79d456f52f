import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LOCALES } from '../config/schema';
import { ConfigError, describeIssues, parseYamlFile, zodErrorsIn } from '../config/load';
import type { Catalogue } from '../core/catalogue';
import { operatorSays } from '../operator-language';
import type { OperatorWords } from '../operator-error';
import { STOP, type FlowFunctions } from './functions';
import { BACK, loopsWithoutWaiting, unreachableSteps } from './graph';
import { Flow, type Cases, type Step } from './schema';

/**
 * Loads one flow script and checks it against the schema, the named functions and both catalogues;
 * its problems are worded in the operator's language (`words`), for whoever adapts the script.
 */
export function loadFlow(file: string, functions: FlowFunctions, catalogue: Catalogue, words: OperatorWords = operatorSays): Flow {
  const data = parseYamlFile(file);
  const parsed = Flow.safeParse(data, zodErrorsIn());
  if (!parsed.success) throw new ConfigError(file, describeIssues(parsed.error.issues, Flow, words, data));
  const problems = crossCheck(parsed.data, functions, catalogue, words);
  // Runs of a script are found by its id, and the script by its file: the two must agree.
  const name = basename(file, '.yaml');
  if (parsed.data.id !== name) problems.unshift(words('cli.script.id_file', { id: parsed.data.id, file: name }));
  if (problems.length > 0) throw new ConfigError(file, problems);
  return parsed.data;
}

/** Loads every `*.yaml` in a folder; collects every file's problems before failing. */
export function loadFlows(dir: string, functions: FlowFunctions, catalogue: Catalogue, words: OperatorWords = operatorSays): Map<string, Flow> {
  const flows = new Map<string, Flow>();
  const errors: ConfigError[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    try {
      const flow = loadFlow(join(dir, name), functions, catalogue, words);
      flows.set(flow.id, flow);
    } catch (error) {
      if (error instanceof ConfigError) errors.push(error);
      else throw error;
    }
  }
  if (errors.length > 0) throw new ConfigError(dir, errors.flatMap((e) => e.problems.map((problem) => `${basename(e.file)}: ${problem}`)));
  return flows;
}

/**
 * Every referenced step, function, role, stage and message must exist; every case a function may
 * return must be mapped where the script uses it; every step must be reachable from the script;
 * every loop of steps must wait for people somewhere.
 */
export function crossCheck(flow: Flow, functions: FlowFunctions, catalogue: Catalogue, words: OperatorWords = operatorSays): string[] {
  const problems: string[] = [];
  const problem = (key: string, vars?: Record<string, string | number>) => problems.push(words(`cli.script.${key}`, vars));
  const none = words('cli.script.none');
  const steps = new Set(Object.keys(flow.steps));
  const roles = new Set(flow.roles);
  const stages = new Set(flow.stages.map((s) => s.id));
  const used = new Map<string, string>();
  const stepRef = (path: string, id: string | undefined) => {
    if (id !== undefined && id !== BACK && !steps.has(id)) problem('no_step', { path, id });
  };
  const fnRef = (path: string, name: string | undefined) => {
    if (name === undefined) return;
    if (!(name in functions)) problem('no_function', { path, name });
    else if (!used.has(name)) used.set(name, path);
  };
  const roleRef = (path: string, role: string) => {
    if (!roles.has(role)) problem('not_a_role', { path, role, roles: flow.roles.join(', ') });
  };
  const message = (path: string, key: string | undefined) => {
    if (key === undefined) return;
    for (const locale of LOCALES) if (!catalogue.has(locale, key)) problem('message_missing', { path, key, locale });
  };
  const casesOf = (name: string | undefined) => (name !== undefined ? functions[name]?.cases : undefined) ?? [];
  /** A function that decides, and the `cases` that say where each of its cases leads. */
  const decides = (path: string, name: string | undefined, map: Cases | undefined, options: { fallback?: boolean; hook?: boolean } = {}) => {
    fnRef(`${path}.fn`, name);
    for (const [c, target] of Object.entries(map ?? {})) stepRef(`${path}.cases.${c}`, target);
    if (name === undefined) {
      if (map && Object.keys(map).length > 0) problem('cases_need_fn', { path });
      return;
    }
    if (!(name in functions)) return;
    const declared = casesOf(name).filter((c) => !(options.hook && c === STOP));
    if (!options.fallback) {
      for (const c of declared) if (!map || !(c in map)) problem('case_unmapped', { path, name, case: c });
    }
    for (const c of Object.keys(map ?? {})) if (!declared.includes(c)) problem('case_never', { path, name, case: c, cases: declared.join(', ') || none });
  };
  /** A function used where nothing follows a case (an option list, a time, values, the end). */
  const computes = (path: string, name: string | undefined) => {
    fnRef(path, name);
    if (name !== undefined && casesOf(name).length > 0) problem('cases_unused', { path, name, cases: casesOf(name).join(', ') });
  };
  stepRef('start', flow.start);
  // Refusals name the role that may act ("Only the mediator can ..."), so each role needs a name.
  flow.roles.forEach((role, i) => message(`roles[${i}]`, `core.run_role.${role}`));
  message('title', flow.title);
  if (flow.onMessage) decides('onMessage', flow.onMessage.fn, flow.onMessage.cases, { hook: true });
  if (flow.onChoice) decides('onChoice', flow.onChoice.fn, flow.onChoice.cases, { hook: true });
  fnRef('roleFn', flow.roleFn);
  for (const role of casesOf(flow.roleFn)) if (!roles.has(role)) problem('role_fn_role', { fn: flow.roleFn ?? '', role, roles: flow.roles.join(', ') });
  for (const [name, handler] of Object.entries(flow.commands)) {
    stepRef(`commands.${name}.goto`, handler.goto);
    decides(`commands.${name}`, handler.fn, handler.cases);
    handler.roles.forEach((r, i) => roleRef(`commands.${name}.roles[${i}]`, r));
    message(`commands.${name}`, `core.command.${name}`);
    message(`commands.${name}.notFound`, handler.notFound);
  }
  if (flow.route) {
    message('route.notFound', flow.route.notFound);
    message('route.noReference', flow.route.noReference);
    if (flow.route.directReply !== undefined && !flow.commands[flow.route.directReply]) problem('direct_reply_command', { command: flow.route.directReply });
    flow.route.directWords?.forEach((key, i) => message(`route.directWords[${i}]`, key));
    if (flow.route.directWords && flow.route.directReply === undefined) problem('direct_words_need_reply');
    Object.keys(flow.route.roles).forEach((r) => roleRef(`route.roles.${r}`, r));
    const usesReference = [flow.route.find, ...Object.values(flow.commands).map((h) => h.find ?? [])].some((f) => f.includes('reference'));
    if (usesReference && !flow.route.reference) problem('reference_prefix');
  }
  for (const [name, handler] of Object.entries(flow.timers)) {
    stepRef(`timers.${name}.goto`, handler.goto);
    decides(`timers.${name}`, handler.fn, handler.cases);
  }
  flow.stages.forEach((stage, i) => {
    if (flow.stages.findIndex((s) => s.id === stage.id) !== i) problem('stage_twice', { index: i, stage: stage.id });
    message(`stages[${i}].name`, stage.name);
    message(`stages[${i}].intro`, stage.intro);
    if (!Object.values(flow.steps).some((step) => step.stage === stage.id)) problem('stage_unused', { index: i, stage: stage.id });
  });
  const checks: Checks = { stepRef, fnRef, roleRef, message, decides, computes, problem, none, flow, stages };
  for (const [id, step] of Object.entries(flow.steps)) checkStep(`steps.${id}`, step, checks);
  for (const [name, path] of used) {
    for (const key of functions[name]?.messages ?? []) {
      for (const locale of LOCALES) if (!catalogue.has(locale, key)) problem('built_message_missing', { path, name, key, locale });
    }
  }
  if (problems.length === 0) {
    for (const id of unreachableSteps(flow)) problem('unreachable', { id });
    for (const loop of loopsWithoutWaiting(flow)) problem('loop_without_waiting', { id: loop[0] as string, steps: loop.join(' → ') });
  }
  return problems;
}

interface Checks {
  stepRef(path: string, id: string | undefined): void;
  fnRef(path: string, name: string | undefined): void;
  roleRef(path: string, role: string): void;
  message(path: string, key: string | undefined): void;
  decides(path: string, name: string | undefined, map: Cases | undefined, options?: { fallback?: boolean; hook?: boolean }): void;
  computes(path: string, name: string | undefined): void;
  /** Records a problem, worded from `cli.script.<key>`. */
  problem(key: string, vars?: Record<string, string | number>): void;
  /** The word for an empty list. */
  none: string;
  flow: Flow;
  stages: Set<string>;
}

function checkStep(path: string, step: Step, c: Checks): void {
  if ('next' in step) c.stepRef(`${path}.next`, step.next);
  if ('message' in step) c.message(`${path}.message`, step.message);
  if ('to' in step && typeof step.to === 'object') c.roleRef(`${path}.to.role`, step.to.role);
  if (step.stage !== undefined && !c.stages.has(step.stage)) c.problem('no_stage', { path, stage: step.stage, stages: [...c.stages].join(', ') || c.none });
  const needsNext = ['say', 'ask', 'form', 'call', 'turns', 'collect', 'open_space', 'timer', 'record'];
  if (needsNext.includes(step.kind) && !('next' in step && step.next) && !(step.kind === 'call')) c.problem('needs_next', { path, kind: step.kind });
  switch (step.kind) {
    case 'say':
      step.choices?.forEach((o, i) => c.message(`${path}.choices[${i}].label`, o.label));
      break;
    case 'ask':
      c.computes(`${path}.optionsFn`, step.optionsFn);
      c.message(`${path}.label`, step.label);
      c.decides(path, step.fn, step.cases);
      step.options?.forEach((o, i) => c.message(`${path}.options[${i}].label`, o.label));
      if (step.input === 'choice' && !step.options && !step.optionsFn) c.problem('choice_options', { path });
      if (step.from) c.roleRef(`${path}.from`, step.from);
      if (step.pace === 'own') checkOwnPace(path, step, c);
      break;
    case 'form':
      c.decides(path, step.fn, step.cases);
      c.message(`${path}.title`, step.title);
      step.fields.forEach((f, i) => c.message(`${path}.fields[${i}].label`, f.label));
      break;
    case 'branch':
      c.decides(path, step.fn, step.cases, { fallback: step.default !== undefined });
      c.stepRef(`${path}.default`, step.default);
      break;
    case 'call':
      c.decides(path, step.fn, step.cases);
      break;
    case 'collect':
      c.decides(path, step.fn, step.cases);
      step.from.forEach((r, i) => c.roleRef(`${path}.from[${i}]`, r));
      step.until.forEach((r, i) => c.roleRef(`${path}.until[${i}]`, r));
      break;
    case 'wait':
      for (const [name, handler] of Object.entries(step.on)) {
        c.stepRef(`${path}.on.${name}.goto`, handler.goto);
        c.decides(`${path}.on.${name}`, handler.fn, handler.cases);
        handler.roles.forEach((r, i) => c.roleRef(`${path}.on.${name}.roles[${i}]`, r));
        c.message(`${path}.on.${name}`, `core.command.${name}`);
        if (!handler.goto && !handler.fn) c.problem('on_handler', { path, name });
      }
      if (step.typed !== undefined && !step.on[step.typed]) c.problem('typed_command', { path, command: step.typed });
      break;
    case 'turns':
      c.roleRef(`${path}.role`, step.role);
      step.advance.forEach((r, i) => c.roleRef(`${path}.advance[${i}]`, r));
      break;
    case 'open_space':
      c.message(`${path}.name`, step.name);
      step.members.forEach((r, i) => c.roleRef(`${path}.members[${i}]`, r));
      break;
    case 'timer':
      c.computes(`${path}.atFn`, step.atFn);
      if (!step.after && !step.atFn) c.problem('timer_when', { path });
      break;
    case 'record':
      c.computes(`${path}.fn`, step.fn);
      break;
    case 'end':
      c.computes(`${path}.fn`, step.fn);
      break;
  }
}

/** Questions at each person's own pace go privately to one role, one after another. */
function checkOwnPace(path: string, step: Extract<Step, { kind: 'ask' }>, c: Checks): void {
  if (typeof step.to !== 'object' || !step.to.private) {
    c.problem('own_pace_private', { path });
    return;
  }
  const following = step.next ? c.flow.steps[step.next] : undefined;
  if (following?.kind === 'ask' && following.pace === 'own' && (typeof following.to !== 'object' || following.to.role !== step.to.role)) {
    c.problem('own_pace_role', { path, role: step.to.role });
  }
}
