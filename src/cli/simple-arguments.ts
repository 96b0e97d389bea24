// The command lines a pre-commit hook or CI job types (a command, topology files, known flags)
// parsed without yargs, which takes longer to load than `check` takes to run. Anything else
// (help, version, a typo, an unusual spelling of a flag) returns undefined and goes to yargs, so
// every message and exit status stays yargs'. A test runs both parsers over the same argv table.
import type { Format } from "./report.js";
import type { ColorChoice } from "./terminal.js";
import { DEFAULT_TOPOLOGY, type CommandName, type Invocation } from "./invocation.js";

type Flag = "format" | "color" | "out" | "dry-run" | "force";

const FLAGS_OF: Partial<Record<CommandName, readonly Flag[]>> = {
  render: ["format", "color", "out", "dry-run", "force"],
  diff: ["format", "color", "force"],
  check: ["format", "color"],
  validate: ["format", "color"],
};

const CHOICES: Partial<Record<Flag, readonly string[]>> = {
  format: ["text", "json", "github"],
  color: ["auto", "always", "never"],
};

const BOOLEAN_FLAGS: readonly Flag[] = ["dry-run", "force"];

export function simpleInvocation(argv: readonly string[]): Invocation | undefined {
  const [command, ...rest] = argv;
  const allowed = FLAGS_OF[command as CommandName];
  if (!allowed) return undefined;
  const values = new Map<Flag, string | true>();
  const topologies: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    // yargs reads these as values of a preceding boolean flag, or as numbers, options or "--".
    if (arg === "" || arg === "true" || arg === "false") return undefined;
    if (!arg.startsWith("-")) {
      topologies.push(arg);
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const flag = match?.[1] as Flag | undefined;
    if (!match || !flag || !allowed.includes(flag) || values.has(flag)) return undefined;
    if (BOOLEAN_FLAGS.includes(flag)) {
      if (match[2] !== undefined) return undefined;
      values.set(flag, true);
      continue;
    }
    const value = match[2] ?? rest[++i];
    if (value === undefined || value === "" || value.startsWith("-")) return undefined;
    const choices = CHOICES[flag];
    if (choices && !choices.includes(value)) return undefined;
    values.set(flag, value);
  }
  const out = values.get("out");
  return {
    command: command as CommandName,
    topologies: topologies.length ? topologies : [DEFAULT_TOPOLOGY],
    format: (values.get("format") ?? "text") as Format,
    color: (values.get("color") ?? "auto") as ColorChoice,
    ...(typeof out === "string" ? { out } : {}),
    dryRun: values.has("dry-run"),
    force: values.has("force"),
  };
}
