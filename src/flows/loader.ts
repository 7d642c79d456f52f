import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LOCALES } from '../config/schema';
import { ConfigError, describeIssues, parseYamlFile } from '../config/load';
import type { Catalogue } from '../core/catalogue';
import type { FlowFunctions } from './functions';
import { Flow, type Step } from './schema';

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

/** Every referenced step, function, role and message must exist. */
export function crossCheck(flow: Flow, functions: FlowFunctions, catalogue: Catalogue): string[] {
  const problems: string[] = [];
  const steps = new Set(Object.keys(flow.steps));
  const roles = new Set(flow.roles);
  const stepRef = (path: string, id: string | undefined) => {
    if (id !== undefined && id !== '@back' && !steps.has(id)) problems.push(`${path}: there is no step "${id}"`);
  };
  const fnRef = (path: string, name: string | undefined) => {
    if (name !== undefined && !(name in functions)) problems.push(`${path}: there is no function "${name}"`);
  };
  const roleRef = (path: string, role: string) => {
    if (!roles.has(role)) problems.push(`${path}: "${role}" is not one of this flow's roles (${flow.roles.join(', ')})`);
  };
  const message = (path: string, key: string | undefined) => {
    if (key === undefined) return;
    for (const locale of LOCALES) if (!catalogue.has(locale, key)) problems.push(`${path}: message "${key}" is missing in ${locale}`);
  };
  stepRef('start', flow.start);
  // Refusals name the role that may act ("Only the mediator can ..."), so each role needs a name.
  flow.roles.forEach((role, i) => message(`roles[${i}]`, `core.run_role.${role}`));
  message('title', flow.title);
  fnRef('onMessage', flow.onMessage);
  fnRef('onChoice', flow.onChoice);
  fnRef('roleFn', flow.roleFn);
  for (const [name, handler] of Object.entries(flow.commands)) {
    stepRef(`commands.${name}.goto`, handler.goto);
    fnRef(`commands.${name}.fn`, handler.fn);
    handler.roles.forEach((r, i) => roleRef(`commands.${name}.roles[${i}]`, r));
    message(`commands.${name}`, `core.command.${name}`);
  }
  if (flow.route) {
    message('route.notFound', flow.route.notFound);
    message('route.noReference', flow.route.noReference);
    Object.keys(flow.route.roles).forEach((r) => roleRef(`route.roles.${r}`, r));
    const usesReference = [flow.route.find, ...Object.values(flow.commands).map((h) => h.find ?? [])].some((f) => f.includes('reference'));
    if (usesReference && !flow.route.reference) problems.push('route: a command finds its run by reference, so route.reference needs the prefix (e.g. FB)');
  }
  for (const [name, handler] of Object.entries(flow.timers)) {
    stepRef(`timers.${name}.goto`, handler.goto);
    fnRef(`timers.${name}.fn`, handler.fn);
  }
  for (const [id, step] of Object.entries(flow.steps)) checkStep(`steps.${id}`, step, { stepRef, fnRef, roleRef, message, problems });
  return problems;
}

interface Checks {
  stepRef(path: string, id: string | undefined): void;
  fnRef(path: string, name: string | undefined): void;
  roleRef(path: string, role: string): void;
  message(path: string, key: string | undefined): void;
  problems: string[];
}

function checkStep(path: string, step: Step, c: Checks): void {
  if ('next' in step) c.stepRef(`${path}.next`, step.next);
  if ('fn' in step) c.fnRef(`${path}.fn`, step.fn);
  if ('message' in step) c.message(`${path}.message`, step.message);
  if ('to' in step && typeof step.to === 'object') c.roleRef(`${path}.to.role`, step.to.role);
  const needsNext = ['say', 'ask', 'form', 'call', 'turns', 'collect', 'open_space', 'timer', 'record'];
  if (needsNext.includes(step.kind) && !('next' in step && step.next) && !(step.kind === 'call')) c.problems.push(`${path}.next: a "${step.kind}" step needs a next step`);
  switch (step.kind) {
    case 'say':
      step.choices?.forEach((o, i) => c.message(`${path}.choices[${i}].label`, o.label));
      break;
    case 'ask':
      c.fnRef(`${path}.optionsFn`, step.optionsFn);
      step.options?.forEach((o, i) => c.message(`${path}.options[${i}].label`, o.label));
      if (step.input === 'choice' && !step.options && !step.optionsFn) c.problems.push(`${path}.options: a choice needs options or an optionsFn`);
      if (step.from) c.roleRef(`${path}.from`, step.from);
      break;
    case 'form':
      c.message(`${path}.title`, step.title);
      step.fields.forEach((f, i) => c.message(`${path}.fields[${i}].label`, f.label));
      break;
    case 'branch':
      c.fnRef(`${path}.fn`, step.fn);
      for (const [name, target] of Object.entries(step.cases)) c.stepRef(`${path}.cases.${name}`, target);
      c.stepRef(`${path}.default`, step.default);
      break;
    case 'wait':
      for (const [name, handler] of Object.entries(step.on)) {
        c.stepRef(`${path}.on.${name}.goto`, handler.goto);
        c.fnRef(`${path}.on.${name}.fn`, handler.fn);
        handler.roles.forEach((r, i) => c.roleRef(`${path}.on.${name}.roles[${i}]`, r));
        c.message(`${path}.on.${name}`, `core.command.${name}`);
        if (!handler.goto && !handler.fn) c.problems.push(`${path}.on.${name}: say where to go (goto) or what to do (fn)`);
      }
      break;
    case 'turns':
      c.roleRef(`${path}.role`, step.role);
      step.advance.forEach((r, i) => c.roleRef(`${path}.advance[${i}]`, r));
      break;
    case 'collect':
      step.from.forEach((r, i) => c.roleRef(`${path}.from[${i}]`, r));
      step.until.forEach((r, i) => c.roleRef(`${path}.until[${i}]`, r));
      break;
    case 'open_space':
      c.message(`${path}.name`, step.name);
      step.members.forEach((r, i) => c.roleRef(`${path}.members[${i}]`, r));
      break;
    case 'timer':
      c.fnRef(`${path}.atFn`, step.atFn);
      if (!step.after && !step.atFn) c.problems.push(`${path}: a timer needs "after" or "atFn"`);
      break;
    case 'record':
    case 'call':
    case 'end':
      break;
  }
}
