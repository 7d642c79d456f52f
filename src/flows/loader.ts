import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LOCALES } from '../config/schema';
import { ConfigError, describeIssues, parseYamlFile } from '../config/load';
import type { Catalogue } from '../core/catalogue';
import { STOP, type FlowFunctions } from './functions';
import { BACK, unreachableSteps } from './graph';
import { Flow, type Cases, type Step } from './schema';

/** Loads one flow script and checks it against the schema, the named functions and both catalogues. */
export function loadFlow(file: string, functions: FlowFunctions, catalogue: Catalogue): Flow {
  const parsed = Flow.safeParse(parseYamlFile(file));
  if (!parsed.success) throw new ConfigError(file, describeIssues(parsed.error.issues));
  const problems = crossCheck(parsed.data, functions, catalogue);
  if (problems.length > 0) throw new ConfigError(file, problems);
  return parsed.data;
}

/** Loads every `*.yaml` in a folder; collects every file's problems before failing. */
export function loadFlows(dir: string, functions: FlowFunctions, catalogue: Catalogue): Map<string, Flow> {
  const flows = new Map<string, Flow>();
  const errors: ConfigError[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    try {
      const flow = loadFlow(join(dir, name), functions, catalogue);
      if (flow.id !== basename(name, '.yaml')) throw new ConfigError(join(dir, name), [`id: "${flow.id}" should match the file name "${basename(name, '.yaml')}"`]);
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
 * return must be mapped where the script uses it; every step must be reachable from the script.
 */
export function crossCheck(flow: Flow, functions: FlowFunctions, catalogue: Catalogue): string[] {
  const problems: string[] = [];
  const steps = new Set(Object.keys(flow.steps));
  const roles = new Set(flow.roles);
  const stages = new Set(flow.stages.map((s) => s.id));
  const used = new Map<string, string>();
  const stepRef = (path: string, id: string | undefined) => {
    if (id !== undefined && id !== BACK && !steps.has(id)) problems.push(`${path}: there is no step "${id}"`);
  };
  const fnRef = (path: string, name: string | undefined) => {
    if (name === undefined) return;
    if (!(name in functions)) problems.push(`${path}: there is no function "${name}"`);
    else if (!used.has(name)) used.set(name, path);
  };
  const roleRef = (path: string, role: string) => {
    if (!roles.has(role)) problems.push(`${path}: "${role}" is not one of this flow's roles (${flow.roles.join(', ')})`);
  };
  const message = (path: string, key: string | undefined) => {
    if (key === undefined) return;
    for (const locale of LOCALES) if (!catalogue.has(locale, key)) problems.push(`${path}: message "${key}" is missing in ${locale}`);
  };
  const casesOf = (name: string | undefined) => (name !== undefined ? functions[name]?.cases : undefined) ?? [];
  /** A function that decides, and the `cases` that say where each of its cases leads. */
  const decides = (path: string, name: string | undefined, map: Cases | undefined, options: { fallback?: boolean; hook?: boolean } = {}) => {
    fnRef(`${path}.fn`, name);
    for (const [c, target] of Object.entries(map ?? {})) stepRef(`${path}.cases.${c}`, target);
    if (name === undefined) {
      if (map && Object.keys(map).length > 0) problems.push(`${path}.cases: cases need a function (fn) that returns them`);
      return;
    }
    if (!(name in functions)) return;
    const declared = casesOf(name).filter((c) => !(options.hook && c === STOP));
    if (!options.fallback) {
      for (const c of declared) if (!map || !(c in map)) problems.push(`${path}.cases: "${name}" may return the case "${c}"; say which step it leads to (cases: { ${c}: <step> })`);
    }
    for (const c of Object.keys(map ?? {})) if (!declared.includes(c)) problems.push(`${path}.cases.${c}: "${name}" never returns "${c}" (its cases: ${declared.join(', ') || 'none'})`);
  };
  /** A function used where nothing follows a case (an option list, a time, values, the end). */
  const computes = (path: string, name: string | undefined) => {
    fnRef(path, name);
    if (name !== undefined && casesOf(name).length > 0) problems.push(`${path}: "${name}" returns cases (${casesOf(name).join(', ')}), but nothing here says where they lead`);
  };
  stepRef('start', flow.start);
  // Refusals name the role that may act ("Only the mediator can ..."), so each role needs a name.
  flow.roles.forEach((role, i) => message(`roles[${i}]`, `core.run_role.${role}`));
  message('title', flow.title);
  if (flow.onMessage) decides('onMessage', flow.onMessage.fn, flow.onMessage.cases, { hook: true });
  if (flow.onChoice) decides('onChoice', flow.onChoice.fn, flow.onChoice.cases, { hook: true });
  fnRef('roleFn', flow.roleFn);
  for (const role of casesOf(flow.roleFn)) if (!roles.has(role)) problems.push(`roleFn: "${flow.roleFn}" may give the role "${role}", which is not one of this flow's roles (${flow.roles.join(', ')})`);
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
    if (flow.route.directReply !== undefined && !flow.commands[flow.route.directReply]) problems.push(`route.directReply: "${flow.route.directReply}" is not one of this script's commands`);
    flow.route.directWords?.forEach((key, i) => message(`route.directWords[${i}]`, key));
    if (flow.route.directWords && flow.route.directReply === undefined) problems.push('route.directWords: the words stand for route.directReply, so it needs one');
    Object.keys(flow.route.roles).forEach((r) => roleRef(`route.roles.${r}`, r));
    const usesReference = [flow.route.find, ...Object.values(flow.commands).map((h) => h.find ?? [])].some((f) => f.includes('reference'));
    if (usesReference && !flow.route.reference) problems.push('route: a command finds its run by reference, so route.reference needs the prefix (e.g. FB)');
  }
  for (const [name, handler] of Object.entries(flow.timers)) {
    stepRef(`timers.${name}.goto`, handler.goto);
    decides(`timers.${name}`, handler.fn, handler.cases);
  }
  flow.stages.forEach((stage, i) => {
    if (flow.stages.findIndex((s) => s.id === stage.id) !== i) problems.push(`stages[${i}].id: the stage "${stage.id}" is declared twice`);
    message(`stages[${i}].name`, stage.name);
    message(`stages[${i}].intro`, stage.intro);
    if (!Object.values(flow.steps).some((step) => step.stage === stage.id)) problems.push(`stages[${i}]: no step begins the stage "${stage.id}" (mark one with stage: ${stage.id})`);
  });
  const checks: Checks = { stepRef, fnRef, roleRef, message, decides, computes, problems, flow, stages };
  for (const [id, step] of Object.entries(flow.steps)) checkStep(`steps.${id}`, step, checks);
  for (const [name, path] of used) {
    for (const key of functions[name]?.messages ?? []) {
      for (const locale of LOCALES) if (!catalogue.has(locale, key)) problems.push(`${path}: "${name}" builds the message "${key}", which is missing in ${locale}`);
    }
  }
  if (problems.length === 0) for (const id of unreachableSteps(flow)) problems.push(`steps.${id}: nothing leads to this step (no next, case, command or timer names it)`);
  return problems;
}

interface Checks {
  stepRef(path: string, id: string | undefined): void;
  fnRef(path: string, name: string | undefined): void;
  roleRef(path: string, role: string): void;
  message(path: string, key: string | undefined): void;
  decides(path: string, name: string | undefined, map: Cases | undefined, options?: { fallback?: boolean; hook?: boolean }): void;
  computes(path: string, name: string | undefined): void;
  problems: string[];
  flow: Flow;
  stages: Set<string>;
}

function checkStep(path: string, step: Step, c: Checks): void {
  if ('next' in step) c.stepRef(`${path}.next`, step.next);
  if ('message' in step) c.message(`${path}.message`, step.message);
  if ('to' in step && typeof step.to === 'object') c.roleRef(`${path}.to.role`, step.to.role);
  if (step.stage !== undefined && !c.stages.has(step.stage)) c.problems.push(`${path}.stage: there is no stage "${step.stage}" (the stages: ${[...c.stages].join(', ') || 'none'})`);
  const needsNext = ['say', 'ask', 'form', 'call', 'turns', 'collect', 'open_space', 'timer', 'record'];
  if (needsNext.includes(step.kind) && !('next' in step && step.next) && !(step.kind === 'call')) c.problems.push(`${path}.next: a "${step.kind}" step needs a next step`);
  switch (step.kind) {
    case 'say':
      step.choices?.forEach((o, i) => c.message(`${path}.choices[${i}].label`, o.label));
      break;
    case 'ask':
      c.computes(`${path}.optionsFn`, step.optionsFn);
      c.message(`${path}.label`, step.label);
      c.decides(path, step.fn, step.cases);
      step.options?.forEach((o, i) => c.message(`${path}.options[${i}].label`, o.label));
      if (step.input === 'choice' && !step.options && !step.optionsFn) c.problems.push(`${path}.options: a choice needs options or an optionsFn`);
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
        if (!handler.goto && !handler.fn) c.problems.push(`${path}.on.${name}: say where to go (goto) or what to do (fn)`);
      }
      if (step.typed !== undefined && !step.on[step.typed]) c.problems.push(`${path}.typed: "${step.typed}" is not one of this step's commands (on)`);
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
      if (!step.after && !step.atFn) c.problems.push(`${path}: a timer needs "after" or "atFn"`);
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
    c.problems.push(`${path}.pace: questions at each person's own pace go privately to a role (to: { role: <role>, private: true })`);
    return;
  }
  const following = step.next ? c.flow.steps[step.next] : undefined;
  if (following?.kind === 'ask' && following.pace === 'own' && (typeof following.to !== 'object' || following.to.role !== step.to.role)) {
    c.problems.push(`${path}.next: the next question at own pace must go to the same role ("${step.to.role}")`);
  }
}
