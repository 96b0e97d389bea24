// Issue 5, the mutation fuzzer: topologies derived from the valid fixtures (and the rich topology
// that sets every key) by one to four text or data mutations (test/support/mutations.ts), then
// rendered. Invariant: exit 0, and the rendered files read as httpd and XML with no directive,
// element or attribute of a kind the valid renders lack, and no ${ but secret references; or
// exit 2 with only well-formed FILE:LINE:COL diagnostics (or one line naming a path), no stack
// trace, no "internal error", and nothing written. Most runs call the render command in-process
// (as the CLI does, minus Node's start-up); some go through the real CLI, which must agree.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderCommand } from "../src/cli/commands/render.js";
import { palette } from "../src/cli/terminal.js";
import { planTopology } from "../src/pipeline.js";
import { DIAGNOSTIC_LINE, UNPRINTABLE } from "./support/diagnostic-shape.js";
import { FIXTURES, fixtureNames, readTree, runCli } from "./support/fixtures.js";
import { flattenDirectives, parseHttpdConfig } from "./support/httpd-config.js";
import { unexpectedExpansions } from "./support/injection-oracle.js";
import { mutate, mutationArbitrary } from "./support/mutations.js";
import { richTopology } from "./support/rich-topology.js";
import { parseXml } from "./support/xml-tree.js";

/** Bounded: a few seconds on two cores. CFGGEN_FUZZ_RUNS and CFGGEN_FUZZ_SEED explore further. */
const RUNS = Number(process.env.CFGGEN_FUZZ_RUNS ?? 400);
const CLI_RUNS = 10;
const SEED = Number(process.env.CFGGEN_FUZZ_SEED ?? 20_260_507);

const SOURCES = [...fixtureNames("valid").map((name) => readFileSync(join(FIXTURES, "valid", name, "topology.yaml"), "utf8")), stringify(richTopology())];
// Mostly one mutation (more of them that still render), sometimes up to four.
const mutations = fc.oneof({ weight: 2, arbitrary: fc.array(mutationArbitrary, { minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.array(mutationArbitrary, { minLength: 2, maxLength: 4 }) });
const caseArbitrary = fc.tuple(fc.constantFrom(...SOURCES), mutations).map(([source, list]) => list.reduce(mutate, source));

let scratch: string;
/** What the valid topologies render: every directive (with its section), element and attribute name. */
const known = { directives: new Set<string>(), elements: new Set<string>(), attributes: new Set<string>() };

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "cfggen-mutation-"));
  for (const [i, source] of SOURCES.entries()) {
    const dir = join(scratch, `valid-${i}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "topology.yaml"), source);
    const planned = planTopology(join(dir, "topology.yaml"));
    expect(planned.plan, `valid source ${i}`).toBeDefined();
    for (const file of planned.plan!.files) learn(file.desired);
  }
  expect(known.directives.size).toBeGreaterThan(8);
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function learn(text: string): void {
  if (text.startsWith("<?xml")) {
    for (const e of parseXml(text).elements) {
      known.elements.add(e.name);
      for (const [name] of e.attributes) known.attributes.add(`${e.name}@${name}`);
    }
  } else if (text.startsWith("# Code generated") && !/^[\w.]+=/m.test(text)) {
    for (const { path, directive } of flattenDirectives(parseHttpdConfig(text))) known.directives.add([...path, directive.name].join("/"));
  }
}

interface Outcome {
  status: number;
  stdout: string;
  stderr: string;
  /** Files in the case's folder after the run, outside the site folder too (a path that escaped). */
  files: Map<string, string>;
  site: string;
}

let cases = 0;

/** cfggen render SITE/topology.yaml, in-process: the command the CLI runs, with its output captured. */
async function renderInProcess(text: string): Promise<Outcome> {
  const root = join(scratch, `case-${cases++}`);
  const site = join(root, "site");
  mkdirSync(site, { recursive: true });
  writeFileSync(join(site, "topology.yaml"), text);
  let stdout = "";
  let stderr = "";
  const io = { out: (t: string) => void (stdout += t.endsWith("\n") ? t : `${t}\n`), err: (t: string) => void (stderr += t.endsWith("\n") ? t : `${t}\n`), stdoutColor: palette(false), stderrColor: palette(false) };
  let status: number;
  try {
    status = await renderCommand([join(site, "topology.yaml")], {}, { io, format: "text" });
  } catch (cause) {
    // What bin/cfggen.js would print as "internal error (please report it)".
    throw new Error(`internal error on:\n${text}\n${cause instanceof Error ? cause.stack : String(cause)}`);
  }
  const files = readTree(root);
  rmSync(root, { recursive: true, force: true });
  return { status, stdout, stderr, files, site };
}

function problems(outcome: Outcome): string[] {
  const found: string[] = [];
  const written = [...outcome.files.keys()].filter((path) => path !== "site/topology.yaml");
  if (outcome.status === 2) {
    if (written.length) found.push(`exit 2 but wrote ${written.join(", ")}`);
    if (outcome.stdout !== "") found.push(`exit 2 with standard output: ${outcome.stdout}`);
    const lines = outcome.stderr.trimEnd().split("\n");
    const ioError = lines.length === 1 && /^cfggen: [^\n]+: [^\n]+$/.test(lines[0]!);
    if (!ioError) for (const line of lines) if (!DIAGNOSTIC_LINE.test(line)) found.push(`not a diagnostic line: ${JSON.stringify(line)}`);
    if (!lines.some((l) => / error [a-z0-9-]+: /.test(l)) && !ioError) found.push("exit 2 without an error");
  } else if (outcome.status === 0) {
    for (const path of written) {
      if (!path.startsWith("site/")) found.push(`wrote outside the topology's folder: ${path}`);
      const text = outcome.files.get(path)!;
      for (const ref of unexpectedExpansions(text)) found.push(`${path} holds ${ref}`);
      found.push(...unknownKinds(path, text));
    }
    for (const line of outcome.stderr.trimEnd().split("\n").filter(Boolean)) {
      if (!DIAGNOSTIC_LINE.test(line) && !/^(wrote|unchanged)\s/.test(line)) found.push(`unexpected output line: ${JSON.stringify(line)}`);
    }
  } else {
    found.push(`exit status ${outcome.status}`);
  }
  if (UNPRINTABLE.test(outcome.stderr.replace(/\n/g, ""))) found.push("unprintable characters on standard error");
  return found;
}

/** Directives, elements and attributes of a kind the valid renders never have: what an injection would add. */
function unknownKinds(path: string, text: string): string[] {
  try {
    if (text.startsWith("<?xml")) {
      const tree = parseXml(text);
      return [
        ...tree.other.map((o) => `${path}: ${JSON.stringify(o)}`),
        ...tree.elements.flatMap((e) => [
          ...(known.elements.has(e.name) ? [] : [`${path}: element <${e.name}>`]),
          ...e.attributes.filter(([n]) => !known.attributes.has(`${e.name}@${n}`)).map(([n]) => `${path}: attribute ${e.name}@${n}`),
        ]),
      ];
    }
    if (text.startsWith("# Code generated") && !/^[\w.]+=/m.test(text)) {
      return flattenDirectives(parseHttpdConfig(text))
        .map(({ path: sections, directive }) => [...sections, directive.name].join("/"))
        .filter((name) => !known.directives.has(name))
        .map((name) => `${path}: directive ${name}`);
    }
    return [];
  } catch (cause) {
    return [`${path} does not parse: ${(cause as Error).message}`];
  }
}

describe("the mutation fuzzer", () => {
  it(`renders ${RUNS} mutated topologies in-process: exit 0 with clean files, or exit 2 with diagnostics and nothing written`, async () => {
    const statuses = { 0: 0, 2: 0 };
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (text) => {
        const outcome = await renderInProcess(text);
        expect(problems(outcome), text).toEqual([]);
        statuses[outcome.status as 0 | 2]++;
        for (const m of outcome.stderr.matchAll(/ (?:error|warning) ([a-z0-9-]+):/g)) codes.add(m[1]!);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    if (process.env.CFGGEN_FUZZ_STATS) console.log(statuses, [...codes].sort());
    // Not vacuous: both outcomes occur, and the refusals come from every stage (YAML, shape, rules).
    expect(statuses[0]).toBeGreaterThan(RUNS / 20);
    expect(statuses[2]).toBeGreaterThan(RUNS / 2);
    for (const code of ["yaml-syntax", "unknown-key", "missing-key", "wrong-type"]) expect(codes).toContain(code);
  });

  it(`gives the same result through the real CLI (${CLI_RUNS} of them)`, async () => {
    for (const text of fc.sample(caseArbitrary, { numRuns: CLI_RUNS, seed: SEED + 1 })) {
      const inProcess = await renderInProcess(text);
      const dir = join(scratch, `cli-${cases++}`);
      mkdirSync(dir);
      writeFileSync(join(dir, "topology.yaml"), text);
      const cli = runCli(["render", join(dir, "topology.yaml")]);
      expect(cli.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(cli.status, text).toBe(inProcess.status);
      expect(cli.stderr.split(dir).join("SITE")).toBe(inProcess.stderr.split(inProcess.site).join("SITE"));
      if (cli.status === 2) expect([...readTree(dir).keys()]).toEqual(["topology.yaml"]);
    }
  });
});
