// The JSON Schema that editors use (schema/cfggen.schema.json, printed by `cfggen schema`):
// committed up to date, documented field by field, draft-07, and in agreement with the zod
// schema that cfggen itself validates with, checked by a standard validator (ajv).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTopology } from "../src/load/read.js";
import { Topology } from "../src/model/schema.js";
import { FIXTURES, ROOT, fixtureNames, runCli } from "./support/fixtures.js";

const SCHEMA_PATH = join(ROOT, "schema", "cfggen.schema.json");
const committedText = readFileSync(SCHEMA_PATH, "utf8");
const schema = JSON.parse(committedText) as JsonSchema;

/** The diagnostic codes that come from the shape of the data (zod), not from the rules. */
const SHAPE_CODES = new Set([
  "unknown-key", "missing-key", "wrong-type", "invalid-value", "topology-empty",
  "route-syntax", "loadfactor-range", "lbset-range", "packet-size", "secret-syntax", "port-range", "sticky-syntax", "status-code",
]);

interface JsonSchema {
  [key: string]: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

/** Every schema node with the path that leads to it, properties named, list items as []. */
function* nodes(node: JsonSchema, path = "$"): Generator<[string, JsonSchema, boolean]> {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    yield [`${path}.${key}`, child, true];
    yield* nodes(child, `${path}.${key}`);
  }
  if (node.items) yield* nodes(node.items, `${path}[]`);
  for (const [i, branch] of (node.anyOf ?? []).entries()) {
    yield [`${path}|${i}`, branch, false];
    yield* nodes(branch, `${path}|${i}`);
  }
}

const validateWithAjv = new Ajv({ strict: true, allErrors: true }).compile(schema);

function zodAccepts(data: unknown): boolean {
  return Topology.safeParse(data).success;
}

function ajvAccepts(data: unknown): boolean {
  return validateWithAjv(data) as boolean;
}

function loadData(file: string): unknown {
  const loaded = parseTopology(file, readFileSync(file, "utf8"));
  expect(loaded.diagnostics.filter((d) => d.severity === "error"), file).toEqual([]);
  return loaded.data;
}

describe("the committed schema", () => {
  it("is exactly what `cfggen schema` prints (regenerate: node bin/cfggen.js schema > schema/cfggen.schema.json)", () => {
    const printed = runCli(["schema"]);
    expect(printed.status).toBe(0);
    expect(committedText).toBe(printed.stdout);
  });

  it("is draft-07 with a title and a description, and compiles in ajv's strict mode", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.title).toBe("cfggen topology");
    expect(schema.description).toEqual(expect.any(String));
    expect(typeof validateWithAjv).toBe("function");
  });

  it("describes every property", () => {
    const undocumented = [...nodes(schema)].filter(([, node, isProperty]) => isProperty && !(typeof node.description === "string" && node.description.length > 10)).map(([path]) => path);
    expect(undocumented).toEqual([]);
    expect([...nodes(schema)].length).toBeGreaterThan(50);
  });

  it("gives examples for every free-form value (a string or a union without a fixed set of values or a default)", () => {
    const freeForm = ([, node, isProperty]: [string, JsonSchema, boolean]) =>
      isProperty && (node.type === "string" || node.anyOf !== undefined) && node.enum === undefined && node.const === undefined && node.default === undefined;
    const withoutExamples = [...nodes(schema)].filter(freeForm).filter(([, node]) => !Array.isArray(node.examples) || node.examples.length === 0).map(([path]) => path);
    expect(withoutExamples).toEqual([]);
  });

  it("rejects unknown keys everywhere, as cfggen does (typos are errors, not ignored)", () => {
    const open = [...nodes(schema), ["$", schema, true] as [string, JsonSchema, boolean]]
      .filter(([, node]) => node.type === "object" && node.additionalProperties !== false)
      .map(([path]) => path);
    expect(open).toEqual([]);
  });

  it("has valid examples: each one passes the schema of its own field", () => {
    const ajv = new Ajv({ strict: false });
    let checked = 0;
    for (const [path, node] of nodes(schema)) {
      if (!Array.isArray(node.examples)) continue;
      const { examples: _, ...fieldSchema } = node;
      const validate = ajv.compile(fieldSchema);
      for (const example of node.examples) {
        expect(validate(example), `${path}: ${JSON.stringify(example)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe("example topologies", () => {
  it.each(fixtureNames("valid"))("%s starts with a yaml-language-server line that finds the committed schema", (name) => {
    const file = join(FIXTURES, "valid", name, "topology.yaml");
    const firstLine = readFileSync(file, "utf8").split("\n")[0]!;
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(firstLine);
    expect(match, firstLine).not.toBeNull();
    // yaml-language-server resolves a relative path from the YAML file's folder.
    expect(resolve(dirname(file), match![1]!)).toBe(SCHEMA_PATH);
  });
});

describe("zod and the JSON Schema agree", () => {
  it.each(fixtureNames("valid"))("valid fixture %s passes both", (name) => {
    const data = loadData(join(FIXTURES, "valid", name, "topology.yaml"));
    expect(zodAccepts(data)).toBe(true);
    expect(ajvAccepts(data), JSON.stringify(validateWithAjv.errors)).toBe(true);
  });

  const invalidDir = join(FIXTURES, "invalid");
  const invalid = readdirSync(invalidDir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => {
      const file = join(invalidDir, f);
      const expected = readFileSync(file.replace(/\.yaml$/, ".expected"), "utf8");
      const codes = [...expected.matchAll(/ (?:error|warning) ([a-z0-9-]+):/g)].map((m) => m[1]!);
      return { name: f, file, codes };
    })
    // YAML that does not parse has no data to judge.
    .filter(({ codes }) => !codes.some((code) => code.startsWith("yaml-")));

  it("there are shape-invalid fixtures to compare, of every shape code but one or two", () => {
    const shapeCodes = new Set(invalid.flatMap(({ codes }) => codes.filter((c) => SHAPE_CODES.has(c))));
    expect(shapeCodes.size).toBeGreaterThanOrEqual(SHAPE_CODES.size - 2);
  });

  it.each(invalid)("invalid fixture $name: a shape error fails both; a rule error alone passes both", ({ file, codes }) => {
    const data = loadData(file);
    const shapeInvalid = codes.some((code) => SHAPE_CODES.has(code));
    expect(zodAccepts(data), `zod, codes ${codes.join(" ")}`).toBe(!shapeInvalid);
    expect(ajvAccepts(data), `ajv, codes ${codes.join(" ")}`).toBe(!shapeInvalid);
  });

  it("on thousands of generated near-miss topologies, the two give the same verdict", () => {
    const bases = fixtureNames("valid").map((name) => loadData(join(FIXTURES, "valid", name, "topology.yaml")));
    const value = fc.oneof(
      fc.constantFrom(0, 1, -1, 100, 101, 99, 8192, 8193, 9216, 65535, 65536, 1.5, "", "web", "/app", "127.0.0.1", "JSESSIONID", "x".repeat(70), "ajp", "http", "drain", "10.1", true, false, null, [], {}, [503], { env: "AJP_SECRET" }, { env: "1BAD" }),
      fc.integer({ min: -70000, max: 70000 }),
      fc.string({ maxLength: 12 }),
      fc.double({ noNaN: true }),
    );
    const mutation = fc.record({
      base: fc.nat(bases.length - 1),
      pick: fc.nat(),
      kind: fc.constantFrom("set", "delete", "add-key"),
      key: fc.constantFrom("extra", "hotStandby", "loadfactor", "port", "name"),
      value,
    });
    let rejected = 0;
    fc.assert(
      fc.property(mutation, ({ base, pick, kind, key, value }) => {
        const data = structuredClone(bases[base]);
        mutate(data, pick, kind, key, value);
        const zod = zodAccepts(data);
        if (!zod) rejected++;
        expect(ajvAccepts(data), `zod says ${zod} for ${JSON.stringify(data)}`).toBe(zod);
      }),
      { numRuns: 2000, seed: 2026 },
    );
    // The mutations must actually produce both verdicts, or the property proves little.
    expect(rejected).toBeGreaterThan(500);
    expect(rejected).toBeLessThan(2000);
  });
});

/** Changes one place in the data: sets or deletes a value, or adds a key to a mapping. */
function mutate(data: unknown, pick: number, kind: string, key: string, value: unknown): void {
  const slots: Array<[Record<string | number, unknown>, string | number]> = [];
  const maps: Array<Record<string, unknown>> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach((child, i) => (slots.push([node as unknown as Record<number, unknown>, i]), walk(child)));
    else if (node !== null && typeof node === "object") {
      maps.push(node as Record<string, unknown>);
      for (const [k, child] of Object.entries(node)) (slots.push([node as Record<string, unknown>, k]), walk(child));
    }
  };
  walk(data);
  if (kind === "add-key") {
    maps[pick % maps.length]![key] = value;
    return;
  }
  const [parent, slot] = slots[pick % slots.length]!;
  if (kind === "delete" && !Array.isArray(parent)) delete parent[slot];
  else parent[slot] = structuredClone(value);
}
