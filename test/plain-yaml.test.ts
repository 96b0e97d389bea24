// The fast YAML reader may only ever take a file that `yaml` reads the same way without a word
// of complaint; everything else it must leave to `yaml`. Checked on every fixture, on generated
// large topologies, and on random near-topology text built to find where the readers differ.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePlainYaml } from "../src/load/plain-yaml.js";
import { parseSyntax } from "../src/load/yaml-syntax.js";
import { generateTopology } from "../scripts/bench/generate-topology.mjs";
import { FIXTURES } from "./support/fixtures.js";

/** When the fast reader takes `source`, `yaml` must find no fault and the same data. */
function expectAgreement(source: string): boolean {
  const plain = parsePlainYaml(source);
  if (!plain) return false;
  const { doc } = parseSyntax(source);
  const shown = JSON.stringify(source);
  expect(doc.errors.map((e) => e.message), shown).toEqual([]);
  expect(doc.warnings.map((w) => w.message), shown).toEqual([]);
  // toStrictEqual tells -0 from 0 and checks prototypes.
  expect(plain.data, shown).toStrictEqual(doc.toJS({ maxAliasCount: 0 }));
  return true;
}

const yamlFiles = (readdirSync(FIXTURES, { recursive: true }) as string[]).filter((f) => f.endsWith(".yaml")).map((f) => join(FIXTURES, f));

describe("the plain-YAML reader", () => {
  it("agrees with yaml on every fixture, and takes every valid one", () => {
    expect(yamlFiles.length).toBeGreaterThan(10);
    for (const file of yamlFiles) {
      const taken = expectAgreement(readFileSync(file, "utf8"));
      if (relative(FIXTURES, file).startsWith("valid")) expect(taken, file).toBe(true);
    }
  });

  it("takes the generated benchmark topologies", () => {
    for (const members of [1, 10, 200]) expect(expectAgreement(generateTopology(members)), `${members} members`).toBe(true);
  });

  it("reads block structure as yaml does: nesting, sequences at the key's column, compact items, empty values", () => {
    const taken = [
      "a:\n- x\n- y\nb: 1\n",
      "a:\n  - x\nb:\n",
      "- a:\n- b\n",
      "- a:\n  - b\n  c: 1\n",
      "a:\n  b:\n  c: 1\n",
      "- - a\n  - b\n- c\n",
      "-   a: 1\n    b: 2\n-  c: [1, 'x y', \"z\", -2]\n",
      "a:\n  # a comment\n\n  b: { env: X, y: true }\n# end\n",
      "---\nkey: value with  spaces   # comment\nTrue: 1\n__proto__: 2\n",
      "",
      "# only a comment\n",
    ];
    for (const source of taken) expect(expectAgreement(source), JSON.stringify(source)).toBe(true);
  });

  it("leaves anchors, aliases, tags, block scalars, tabs, CRs and multi-line values to yaml", () => {
    const declined = [
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "%YAML 1.1\n---\na: yes\n",
      "a: |\n  text\n",
      "a: >\n  text\n",
      "a:\n\tb: 1\n",
      "a: 1\r\nb: 2\r\n",
      "a: [1,\n  2]\n",
      'a: "one\nb: two"\n',
      "a: 'one\nb: two'\n",
      "a: this\n  continues\n",
      "? a\n: b\n",
      "<<: {a: 1}\n",
      'a: "x"#not a comment to yaml\n',
      "null: 1\n",
      "~: 1\n",
      'a: "esc\\"aped"\n',
      "\uFEFFa: 1\n",
      "a: 1\n---\nb: 2\n",
      "a: 1\nb: 1\nb: 2\n",
      "a: 1\nTrue: 1\ntrue: 2\n",
      "a:\n  b: 1\n c: 2\n",
      "a: 1\n  b: 2\n",
      "- a: 1\n  - x\n",
      "- x\n  y: 1\n",
      "  a: 1\nb: 2\n",
      "- a\nb: 1\n",
    ];
    for (const source of declined) expect(parsePlainYaml(source), JSON.stringify(source)).toBeUndefined();
  });

  it("agrees with yaml on random near-topology text", () => {
    // Mostly text the fast reader takes (to compare data), some that it must decline.
    const key = fc.oneof(
      { arbitrary: fc.constantFrom("name", "host", "port", "ajp", "members", "a", "b", "true", "True", "FALSE", "nullable", "$schema", "a-b", "_x", "__proto__", "y", "on", "NaN"), weight: 10 },
      { arbitrary: fc.constantFrom("null", "Null", "1", "~", "'q'", '"q"', "a b", "a.b"), weight: 1 },
    );
    const scalar = fc.oneof(
      {
        arbitrary: fc.constantFrom(
          "8009", "-1", "+5", "007", "0x1F", "0xff", "0o17", "0b11", "1e3", "1E-2", "1.", "1.50", ".5", "-0", "-0.0", "+.5e+2", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "1_000", "12:30", "0x", "0o8",
          "~", "null", "Null", "NULL", "true", "True", "TRUE", "tRue", "yes", "no", "on", "off", "y", "2024-01-01", "127.0.0.1", "10.0.0.0/8", "-x", "-.5x",
          "web", "ajp://h:8009", "/app", "JSESSIONID|jsessionid", "a b  c", "x#y", "x # comment", "x:y", "x  ", "éè", "x\u00a0y",
          "'single'", "''", '"double"', '""', "'x' #c", "'a # b'", '"[x]"', "[]", "[ ]", "[a, b]", "[a,b]", "[a, 'b c', \"d\"]", "[ 1, -2, 0x3, .5, ~, true ]",
          "{}", "{ env: X }", "{env: X}", "{a: 1, a: 2}", "{ a: b, c: -1 }", "{ null: 1 }",
        ),
        weight: 15,
      },
      {
        arbitrary: fc.constantFrom(
          "::1", "a: b", "- x", "-", "?x", ":x", "@x", "`x", "%x", "&a x", "*a", "!t x", "'it''s'", '"a\\tb"', '"x"#c', "[a,]", "[a, [b]]", "[a]: b", "{a: [1]}", "|", ">", "|-", "😀", "x\u2028y", "x\u0085y", "'x\ny: z'", '"x\ny: z"', "x\n  y",
        ),
        weight: 1,
      },
    );
    type Tree = { kind: "scalar"; text: string } | { kind: "map"; entries: [string, Tree][] } | { kind: "seq"; items: Tree[] };
    const tree = fc.letrec<{ node: Tree; map: Tree; seq: Tree }>((tie) => ({
      node: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar.map((text): Tree => ({ kind: "scalar", text })), tie("map"), tie("seq")),
      map: fc.array(fc.tuple(key, tie("node")), { minLength: 1, maxLength: 4 }).map((entries): Tree => ({ kind: "map", entries })),
      seq: fc.array(tie("node"), { minLength: 1, maxLength: 3 }).map((items): Tree => ({ kind: "seq", items })),
    })).map;
    const render = (node: Tree, indent: string, lines: string[], compactIndent: boolean): void => {
      if (node.kind === "scalar") throw new Error("scalars render inline");
      const entries = node.kind === "map" ? node.entries : node.items.map((item): [string | undefined, Tree] => [undefined, item]);
      for (const [k, value] of entries) {
        const head = k === undefined ? `${indent}- ` : `${indent}${k}:`;
        if (value.kind === "scalar") lines.push(k === undefined ? `${head}${value.text}` : `${head} ${value.text}`);
        else if (k === undefined && value.kind === "map") {
          // "- key: value" with the rest of the mapping under it.
          const inner: string[] = [];
          render(value, `${indent}  `, inner, compactIndent);
          lines.push(`${indent}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
        } else {
          lines.push(k === undefined ? `${indent}-` : head);
          render(value, value.kind === "seq" && k !== undefined && compactIndent ? indent : `${indent}  `, lines, compactIndent);
        }
      }
    };
    const extraLine = fc.constantFrom("---", "...", "# comment", "", "   ", "  # indented comment", "? complex", ": x", "-", "- ", "\tx: y", "x: y\r", "x:  y  ", "x: y # c", "x:#y", "x : y", "  x: y", " x: y", "- - a", "-  b: 1");
    const mutation = fc.tuple(fc.nat(), fc.constantFrom("insert", "indent", "dedent", "delete", "duplicate"), extraLine);
    fc.assert(
      fc.property(tree, fc.boolean(), fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }), weight: 1 }), (doc, compactIndent, mutations) => {
        const lines: string[] = [];
        render(doc, "", lines, compactIndent);
        for (const [at, op, line] of mutations) {
          const i = at % (lines.length + 1);
          if (op === "insert") lines.splice(i, 0, line);
          else if (op === "indent" && i < lines.length) lines[i] = ` ${lines[i]}`;
          else if (op === "dedent" && i < lines.length) lines[i] = lines[i]!.replace(/^ /, "");
          else if (op === "delete" && i < lines.length) lines.splice(i, 1);
          else if (op === "duplicate" && i < lines.length) lines.splice(i, 0, lines[i]!);
        }
        expectAgreement(`${lines.join("\n")}\n`);
      }),
      { numRuns: 5000 },
    );
  });
});
