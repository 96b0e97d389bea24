// The injection oracle: a value put into one field of a topology may change only the directives
// (httpd) and attributes (XML) that carry it. Both renders are read the way the servers read them
// (httpd-config.ts, xml-tree.ts) and compared: whatever differs must hold the value it belongs to,
// as one whole argument or attribute, and nothing may appear that the original render lacks in
// kind (a new directive name, another number of arguments, another parameter key, an element).
import { parseHttpdConfig, type HttpdDirective } from "./httpd-config.js";
import { parseXml, type XmlTree } from "./xml-tree.js";

/** A value as it is recognised inside what it renders into: paths lose trailing slashes (cookie paths). */
function carries(text: string, value: string): boolean {
  const core = value.replace(/\/+$/, "") || value;
  return text.includes(value) || text.includes(core);
}

interface Keyed {
  key: string;
  shape: string;
  directive: HttpdDirective;
}

/**
 * Each directive under a key that says where it is and what it says. Sections are named by kind
 * and position, so that a changed <Proxy> argument does not make every directive inside it differ.
 */
function keyedDirectives(config: string): Keyed[] {
  const ordinals = new Map<string, number>();
  const keyed: Keyed[] = [];
  const walk = (directives: readonly HttpdDirective[], where: string) => {
    for (const directive of directives) {
      keyed.push({ key: `${where}/${directive.name} ${JSON.stringify(directive.args)}`, shape: `${directive.name} ${shapeOfArgs(directive.name, directive.args)}`, directive });
      if (!directive.children) continue;
      const n = ordinals.get(directive.name) ?? 0;
      ordinals.set(directive.name, n + 1);
      walk(directive.children, `${where}/<${directive.name}#${n}>`);
    }
  };
  walk(parseHttpdConfig(config), "");
  return keyed;
}

/** Directives whose arguments after the first are key=value parameters. */
const PARAMETER_DIRECTIVES = new Set(["BalancerMember", "ProxySet"]);

/**
 * What an argument list looks like regardless of the values: the number of arguments, except for
 * parameter directives, whose parameters vary with the values (stickysession without a URL
 * parameter drops scolonpathdelim): for them, the name alone, with each key checked on its own.
 */
function shapeOfArgs(name: string, args: readonly string[]): string {
  return PARAMETER_DIRECTIVES.has(name) ? "parameters" : String(args.length);
}

/** Problems with a parameter directive: a key the original never uses there, or a key twice. */
function parameterProblems(directive: HttpdDirective, knownKeys: ReadonlySet<string>): string[] {
  if (!PARAMETER_DIRECTIVES.has(directive.name)) return [];
  const keys = directive.args.slice(directive.name === "BalancerMember" ? 1 : 0).map((a) => /^([a-z]+)=./.exec(a)?.[1] ?? `(not key=value: ${a})`);
  const problems = keys.filter((k) => !knownKeys.has(`${directive.name} ${k}`)).map((k) => `${directive.name} parameter ${k} is not one the original has`);
  if (new Set(keys).size !== keys.length) problems.push(`${directive.name} repeats a parameter: ${keys.join(" ")}`);
  return problems;
}

function parameterKeys(keyed: readonly Keyed[]): Set<string> {
  return new Set(keyed.flatMap(({ directive: d }) => (PARAMETER_DIRECTIVES.has(d.name) ? d.args.map((a) => `${d.name} ${/^([a-z]+)=/.exec(a)?.[1]}`) : [])));
}

function multisetDifference<T>(items: readonly T[], minus: readonly T[], key: (t: T) => string): T[] {
  const counts = new Map<string, number>();
  for (const m of minus) counts.set(key(m), (counts.get(key(m)) ?? 0) + 1);
  return items.filter((item) => {
    const n = counts.get(key(item)) ?? 0;
    if (n === 0) return true;
    counts.set(key(item), n - 1);
    return false;
  });
}

/**
 * Problems with `candidate`, the include rendered with `value` in the field that held `original`
 * in `base`. An empty list means the value changed only what carries it.
 */
export function includeInjectionProblems(base: string, candidate: string, original: string, value: string): string[] {
  const problems: string[] = [];
  const before = keyedDirectives(base);
  let after: Keyed[];
  try {
    after = keyedDirectives(candidate);
  } catch (cause) {
    return [`httpd could not read the include: ${(cause as Error).message}`];
  }
  const shapes = new Set(before.map((k) => k.shape));
  const knownKeys = parameterKeys(before);
  for (const removed of multisetDifference(before, after, (k) => k.key)) {
    if (!removed.directive.args.some((a) => carries(a, original))) problems.push(`lost a directive that does not carry the field: ${removed.key}`);
  }
  for (const added of multisetDifference(after, before, (k) => k.key)) {
    if (!added.directive.args.some((a) => carries(a, value))) problems.push(`changed a directive that does not carry the value: ${added.key}`);
    if (!shapes.has(added.shape)) problems.push(`a directive of a new kind or shape: ${added.key}`);
    problems.push(...parameterProblems(added.directive, knownKeys));
  }
  const commentLines = (text: string) => text.split("\n").filter((l) => l.trimStart().startsWith("#")).length;
  if (commentLines(candidate) !== commentLines(base)) problems.push("the number of comment lines changed");
  return problems;
}

/** The same for one XML file: elements and attribute names stay; only values that carry the field change. */
export function xmlInjectionProblems(base: string, candidate: string, original: string, value: string): string[] {
  const problems: string[] = [];
  let before: XmlTree;
  let after: XmlTree;
  try {
    before = parseXml(base);
    after = parseXml(candidate);
  } catch (cause) {
    return [`not well-formed XML: ${(cause as Error).message}`];
  }
  if (after.other.length > 0) problems.push(`nodes other than elements and comments: ${JSON.stringify(after.other)}`);
  if (after.comments !== before.comments) problems.push(`${after.comments} comments instead of ${before.comments}`);
  const outline = (tree: XmlTree) => tree.elements.map((e) => `${e.depth}<${e.name} ${e.attributes.map(([n]) => n).join(" ")}>`);
  const [was, now] = [outline(before), outline(after)];
  if (JSON.stringify(was) !== JSON.stringify(now)) {
    problems.push(`elements or attribute names changed: ${JSON.stringify(multisetDifference(now, was, (s) => s))}`);
    return problems;
  }
  before.elements.forEach((element, i) => {
    element.attributes.forEach(([name, old], j) => {
      const updated = after.elements[i]!.attributes[j]![1];
      if (updated === old) return;
      if (!carries(old, original) || !carries(updated, value)) problems.push(`<${element.name} ${name}="${old}"> became "${updated}", which does not carry the field's value`);
    });
  });
  return problems;
}

/**
 * `${` in a generated file may only start cfggen's own secret reference (${NAME} for httpd,
 * ${NAME:-} for Tomcat) or the stock ${catalina.base}/${catalina.home} of catalina.properties.
 */
export function unexpectedExpansions(text: string): string[] {
  return [...text.matchAll(/\$\{[^}\n]*\}?/g)].map((m) => m[0]).filter((ref) => !/^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-)?\}$/.test(ref) && !/^\$\{catalina\.(?:base|home)\}$/.test(ref));
}
