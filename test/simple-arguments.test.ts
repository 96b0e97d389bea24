// The yargs-free parser of common command lines must mean exactly what yargs means, or step
// aside: whenever it accepts an argv, yargs parses that argv to the same invocation, silently.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseArguments } from "../src/cli/arguments.js";
import type { Invocation } from "../src/cli/invocation.js";
import { simpleInvocation } from "../src/cli/simple-arguments.js";

afterEach(() => {
  vi.restoreAllMocks();
});

/** What yargs makes of argv: the invocation it would run, and anything it printed. */
async function viaYargs(argv: string[]): Promise<{ invocation?: Invocation; status: number; printed: string }> {
  let printed = "";
  const capture = (chunk: string | Uint8Array) => ((printed += String(chunk)), true);
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
  let invocation: Invocation | undefined;
  try {
    const status = await parseArguments(argv, async (parsed) => ((invocation = parsed), 0));
    return { invocation, status, printed };
  } finally {
    vi.restoreAllMocks();
  }
}

async function expectSameAsYargs(argv: string[]): Promise<void> {
  const simple = simpleInvocation(argv);
  if (simple === undefined) return;
  const yargs = await viaYargs(argv);
  expect({ status: yargs.status, printed: yargs.printed, invocation: yargs.invocation }, argv.join(" ")).toEqual({ status: 0, printed: "", invocation: simple });
}

describe("the simple command-line parser", () => {
  it("takes the common invocations, as yargs does", async () => {
    const common = [
      ["check"],
      ["check", "topology.yaml"],
      ["check", "a/topology.yaml", "b/topology.yaml"],
      ["check", "site/topology.yaml", "--format", "github"],
      ["check", "--format=json", "x.yaml"],
      ["validate", "x.yaml", "--color", "never"],
      ["diff", "--force", "x.yaml", "--color=always"],
      ["render", "x.yaml", "--out", "build/cfggen"],
      ["render", "--out=build", "--dry-run", "x.yaml"],
      ["render", "--dry-run", "--force"],
      ["render", "123", "0x10", "1e3"],
    ];
    for (const argv of common) {
      expect(simpleInvocation(argv), argv.join(" ")).toBeDefined();
      await expectSameAsYargs(argv);
    }
  });

  it("leaves help, version, usage errors and unusual spellings to yargs", () => {
    const unusual = [
      [],
      ["--help"],
      ["check", "--help"],
      ["check", "-h"],
      ["--version"],
      ["schema"],
      ["chek", "x.yaml"],
      ["--format", "json", "check"],
      ["check", "--force"],
      ["check", "--format"],
      ["check", "--format", "xml"],
      ["check", "--format", "json", "--format", "text"],
      ["render", "--dry-run", "false"],
      ["render", "--dry-run=true"],
      ["render", "--no-force"],
      ["render", "--dryRun"],
      ["render", "--out"],
      ["render", "--out", "--dry-run"],
      ["check", "--", "x.yaml"],
      ["check", "-"],
      ["check", ""],
      ["validate", "--bogus"],
    ];
    for (const argv of unusual) expect(simpleInvocation(argv), argv.join(" ")).toBeUndefined();
  });

  it("agrees with yargs on random command lines", async () => {
    const token = fc.constantFrom(
      "check", "diff", "render", "validate", "schema", "topology.yaml", "a.yaml", "dir/b.yaml", "123", "-1", "true", "false", "",
      "--format", "--format=json", "json", "github", "text", "xml", "--color", "--color=never", "always", "auto",
      "--out", "--out=o", "out", "--dry-run", "--dry-run=false", "--force", "--no-force", "--help", "-h", "--version", "--", "-",
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("check", "diff", "render", "validate"), fc.array(token, { maxLength: 6 }), async (command, rest) => {
        await expectSameAsYargs([command, ...rest]);
      }),
      { numRuns: 300 },
    );
  });
});
