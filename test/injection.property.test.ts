// Issue 5, injection: no value the model accepts can add, remove or alter a directive, section,
// element or attribute other than the one it belongs to. For hostile strings in every string
// field of a topology that sets every key, either validation refuses the topology (with
// well-formed diagnostics), or the include reads, the way httpd reads it, as exactly the
// directives of the original with only the field's own arguments changed, and every server.xml
// parses into exactly the original elements and attributes with only the field's own values
// changed. A sample of the accepted includes goes through the real `apache2 -t`.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasErrors } from "../src/diagnostics.js";
import { IoError } from "../src/errors.js";
import type { PlannedFile } from "../src/output/plan.js";
import { planTopology } from "../src/pipeline.js";
import { apacheConfigTest } from "./support/apache-configtest.js";
import { diagnosticProblems } from "./support/diagnostic-shape.js";
import { tempDir } from "./support/fixtures.js";
import { hasSpecialCharacters, hostileString } from "./support/hostile-strings.js";
import { parseHttpdConfig, type HttpdDirective } from "./support/httpd-config.js";
import { includeInjectionProblems, unexpectedExpansions, xmlInjectionProblems } from "./support/injection-oracle.js";
import { richTopology, schemaStringPaths, setAt, stringFields, type Json, type StringField } from "./support/rich-topology.js";
import { parseXml } from "./support/xml-tree.js";

/** Bounded: a few seconds on two cores. CFGGEN_FUZZ_RUNS and CFGGEN_FUZZ_SEED explore further. */
const RUNS = Number(process.env.CFGGEN_FUZZ_RUNS ?? 400);
const SEED = Number(process.env.CFGGEN_FUZZ_SEED ?? 20_260_505);
const APACHE_SAMPLE = 12;
const FREE_TEXT = [".tomcats[].ajp.uriEncoding", ".apache.balancers[].mount[]", ".apache.balancers[].mount", ".apache.balancers[].backendPath", ".apache.manager.path"];

const FIELDS = stringFields();

interface Rendered {
  dir: string;
  files: PlannedFile[];
}

/** Writes `data` as dir/topology.yaml and plans it: what `render` would write, or the diagnostics. */
function plan(dir: string, data: Json) {
  const file = join(dir, "topology.yaml");
  writeFileSync(file, stringify(data));
  return planTopology(file);
}

let base: Rendered;
/** A folder where the original render is on disk, so that server.xml goes through the patching path. */
let existing: Rendered;

/** Folders for the whole file (tempDir() is per test), removed after it. */
const suiteDirs: string[] = [];
function suiteDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  suiteDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of suiteDirs) rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => {
  const dir = suiteDir("cfggen-injection-");
  const planned = plan(dir, richTopology());
  expect(planned.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  base = { dir, files: planned.plan!.files };
  const other = suiteDir("cfggen-injection-existing-");
  for (const f of base.files) {
    mkdirSync(dirname(join(other, f.path)), { recursive: true });
    writeFileSync(join(other, f.path), f.desired);
  }
  cpSync(join(dir, "topology.yaml"), join(other, "topology.yaml"));
  existing = { dir: other, files: base.files };
});

describe("the rich topology the injection tests start from", () => {
  it("sets every string key of the JSON Schema", () => {
    const covered = new Set(FIELDS.map((f) => f.schemaPath));
    expect(schemaStringPaths().map((p) => p.path).filter((p) => !covered.has(p))).toEqual([]);
  });

  it("renders an include and server.xml files that httpd and an XML parser read", () => {
    const include = base.files.find((f) => f.path.endsWith(".conf"))!;
    expect(parseHttpdConfig(include.desired).length).toBeGreaterThan(5);
    for (const f of base.files.filter((f) => f.path.endsWith(".xml"))) expect(parseXml(f.desired).elements.length).toBeGreaterThan(5);
  });
});

interface Outcome {
  accepted: number;
  rejected: number;
  acceptedSpecial: number;
}

describe("a hostile value in any string field", () => {
  it(`is refused with well-formed diagnostics, or changes only what carries it (${RUNS} runs)`, () => {
    const outcomes = new Map<string, Outcome>();
    const samples: { include: string; value: string; field: string }[] = [];
    const caseArbitrary = fc.constantFrom(...FIELDS).chain((field) => fc.tuple(fc.constant(field), hostileString(field.value), fc.boolean()));
    fc.assert(
      fc.property(caseArbitrary, ([field, value, onExistingFiles]) => {
        const where = onExistingFiles ? existing : base;
        const data = richTopology();
        setAt(data, field.path, value);
        let planned: ReturnType<typeof plan>;
        const outcome = outcomes.get(field.schemaPath) ?? { accepted: 0, rejected: 0, acceptedSpecial: 0 };
        outcomes.set(field.schemaPath, outcome);
        try {
          planned = plan(where.dir, data);
        } catch (cause) {
          // A path the file system refuses (a name too long): the CLI prints one line naming it, exit 2.
          if (!(cause instanceof IoError)) throw cause;
          outcome.rejected++;
          return;
        }
        for (const d of planned.diagnostics) expect(diagnosticProblems(d), JSON.stringify(d)).toEqual([]);
        if (hasErrors(planned.diagnostics) || !planned.plan) {
          outcome.rejected++;
          expect(planned.plan).toBeUndefined();
          return;
        }
        outcome.accepted++;
        if (value !== field.value && hasSpecialCharacters(value)) outcome.acceptedSpecial++;
        const problems = acceptedProblems(field, value, where, planned.plan.files);
        expect(problems, `${field.schemaPath} = ${JSON.stringify(value)}`).toEqual([]);
        const include = planned.plan.files[0]!.desired;
        if (value !== field.value && samples.length < APACHE_SAMPLE && !samples.some((s) => s.field === field.schemaPath) && hasSpecialCharacters(value)) {
          samples.push({ include, value, field: field.schemaPath });
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );

    if (process.env.CFGGEN_FUZZ_STATS) console.log(JSON.stringify([...outcomes]), samples.map((s) => `${s.field} ${JSON.stringify(s.value)}`));
    // Not vacuous: every field was tried, and the free-text fields were rendered with special characters.
    for (const field of new Set(FIELDS.map((f) => f.schemaPath))) {
      const tried = outcomes.get(field);
      expect((tried?.accepted ?? 0) + (tried?.rejected ?? 0), field).toBeGreaterThan(0);
    }
    for (const field of FREE_TEXT) expect(outcomes.get(field)?.acceptedSpecial ?? 0, `${field} accepted with special characters`).toBeGreaterThan(0);
    expect(samples.length).toBeGreaterThanOrEqual(3);

    // httpd itself: each sampled include passes `apache2 -t`, split into the same directives.
    for (const sample of samples) {
      const result = apacheConfigTest(tempDir("cfggen-apache-"), sample.include, { AJP_SECRET: "secret-from-the-environment" });
      expect(result.status, `${sample.field} = ${JSON.stringify(sample.value)}\n${result.output}`).toBe(0);
      expect(result.output).toContain("Syntax OK");
      const ours = expand(parseHttpdConfig(sample.include), { AJP_SECRET: "secret-from-the-environment" });
      expect(outline(result.dumped)).toEqual(outline(ours));
    }
  });
});

/** Everything wrong with an accepted render of `value` in `field`. */
function acceptedProblems(field: StringField, value: string, where: Rendered, files: PlannedFile[]): string[] {
  const problems: string[] = [];
  if (files.length !== where.files.length) return [`${files.length} files instead of ${where.files.length}`];
  for (const [i, file] of files.entries()) {
    if (!file.absolutePath.startsWith(where.dir + sep)) problems.push(`${file.absolutePath} is outside the topology's folder`);
    for (const ref of unexpectedExpansions(file.desired)) problems.push(`${file.path} holds ${ref}`);
    const original = where.files[i]!;
    // The kind of file is the original's: a path field may give a server.xml any name.
    if (original.path.endsWith(".conf")) {
      if (field.closed) parseHttpdConfig(file.desired);
      else problems.push(...includeInjectionProblems(original.desired, file.desired, field.value, value).map((p) => `${file.path}: ${p}`));
    } else if (original.path.endsWith(".xml")) {
      if (field.closed) expect(parseXml(file.desired).other).toEqual([]);
      else problems.push(...xmlInjectionProblems(original.desired, file.desired, field.value, value).map((p) => `${file.path}: ${p}`));
    } else if (!field.closed && file.desired !== original.desired) {
      problems.push(`${file.path} changed`);
    }
  }
  return problems;
}

/** ${NAME} replaced from env, as httpd does when it reads a line. */
function expand(directives: HttpdDirective[], env: Record<string, string>): HttpdDirective[] {
  const sub = (s: string) => s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => env[name] ?? whole);
  return directives.map((d) => ({ ...d, args: d.args.map(sub), children: d.children && expand(d.children, env) }));
}

function outline(directives: HttpdDirective[]): unknown[] {
  return directives.map((d) => [d.name, d.args, ...(d.children ? [outline(d.children)] : [])]);
}
