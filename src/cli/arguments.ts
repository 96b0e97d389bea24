// The full command line, parsed by yargs: help, version, usage errors and every spelling of every
// flag. main.ts sends the common invocations around it (simple-arguments.ts) and runs the result.
import yargs, { type Argv } from "yargs";
import type { Invocation } from "./invocation.js";
import type { Format } from "./report.js";
import type { ColorChoice } from "./terminal.js";
import { UsageError, usageMessage } from "./usage.js";
import { packageVersion } from "./version.js";

const EXIT_CODES = `Exit status:
  0  done / in sync / valid (warnings allowed)
  1  differences found (diff, check)
  2  invalid topology, refused file, I/O or usage error`;

/** Each command's own exit statuses, for its --help. */
const exitStatus = (...lines: string[]) => `Exit status:\n${lines.map((line) => `  ${line}`).join("\n")}`;
const TROUBLE = "2  invalid topology, refused file, I/O or usage error";

interface GlobalArgs {
  format: Format;
  color: ColorChoice;
}

interface CommandArgs extends GlobalArgs {
  topology?: string[];
  out?: string;
  "dry-run"?: boolean;
  force?: boolean;
}

function invocation(command: Invocation["command"], args: CommandArgs): Invocation {
  return {
    command,
    topologies: args.topology ?? [],
    format: args.format,
    color: args.color,
    ...(args.out !== undefined ? { out: args.out } : {}),
    dryRun: args["dry-run"] ?? false,
    force: args.force ?? false,
  };
}

const COMMANDS = ["render", "diff", "check", "validate", "schema"];

const topologies = <T,>(y: Argv<T>) =>
  y.positional("topology", { type: "string", array: true, default: ["topology.yaml"], describe: "topology file(s); default ./topology.yaml" });

/** Parses argv and runs the command it names through `run`; returns the exit status. */
export async function parseArguments(argv: string[], run: (invocation: Invocation) => Promise<number>): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv)
    .scriptName("cfggen")
    .usage("$0 <command> [topology.yaml ...] [options]\n\nOne topology file in: the Apache httpd balancer include and the matching Tomcat server.xml files out.")
    .option("format", { choices: ["text", "json", "github"] as const, default: "text" as Format, describe: "diagnostics and results as text, JSON (stdout) or GitHub annotations", global: true })
    .option("color", { choices: ["auto", "always", "never"] as const, default: "auto" as ColorChoice, describe: "colour output (also NO_COLOR, FORCE_COLOR)", global: true })
    .command(
      "render [topology..]",
      "write every output file in place (or under --out DIR)",
      (y) =>
        topologies(y)
          .option("out", { type: "string", describe: "write the files under DIR (same relative paths) with DIR/manifest.json" })
          .option("dry-run", { type: "boolean", default: false, describe: "write nothing; list what would change" })
          .option("force", { type: "boolean", default: false, describe: "overwrite an existing include that lacks cfggen's marker" })
          .example("$0 render", "render ./topology.yaml in place")
          .example("$0 render --dry-run", "list what would change, write nothing")
          .example("$0 render --out artifact", "CI: every file under artifact/, with manifest.json")
          .epilogue(exitStatus("0  done", TROUBLE)),
      async (args) => {
        exitCode = await run(invocation("render", args as CommandArgs));
      },
    )
    .command(
      "diff [topology..]",
      "unified diff: files on disk against what would be rendered",
      (y) =>
        topologies(y)
          .option("force", { type: "boolean", default: false, describe: "diff an include that lacks cfggen's marker too" })
          .example("$0 diff", "show what render would change")
          .example("$0 diff --color always | less -R", "page through it in colour")
          .epilogue(exitStatus("0  no differences", "1  differences (printed on stdout)", TROUBLE)),
      async (args) => {
        exitCode = await run(invocation("diff", args as CommandArgs));
      },
    )
    .command(
      "check [topology..]",
      "for pre-commit and CI: silent when in sync; on drift the diff and the fixing command",
      (y) =>
        topologies(y)
          .example("$0 check", "silent when ./topology.yaml and its files agree")
          .example("$0 check a/topology.yaml b/topology.yaml", "check several sites")
          .example("$0 check --format github", "GitHub Actions: diagnostics as annotations")
          .epilogue(exitStatus("0  in sync", "1  drift: the diff, and the command that fixes it", TROUBLE)),
      async (args) => {
        exitCode = await run(invocation("check", args as CommandArgs));
      },
    )
    .command(
      "validate [topology..]",
      "load and validate; print diagnostics",
      (y) =>
        topologies(y)
          .example("$0 validate", "validate ./topology.yaml")
          .example("$0 validate --format json", "diagnostics as JSON on stdout")
          .epilogue(exitStatus("0  valid (warnings allowed)", "2  invalid (diagnostics on stderr), I/O or usage error")),
      async (args) => {
        exitCode = await run(invocation("validate", args as CommandArgs));
      },
    )
    .command(
      "schema",
      "print the JSON Schema of the topology format",
      (y) => y.example("$0 schema > cfggen.schema.json", "for editors (yaml-language-server)").epilogue(exitStatus("0  printed", "2  usage error")),
      async (args) => {
        exitCode = await run(invocation("schema", args as CommandArgs));
      },
    )
    .demandCommand(1, "name a command: render, diff, check, validate or schema")
    .recommendCommands()
    .strict()
    .version(packageVersion())
    .alias("h", "help")
    .alias("v", "version")
    .example("$0 render", "render ./topology.yaml in place")
    .example("$0 check", "pre-commit / CI: exit 1 when generated files drift")
    .example("$0 schema > cfggen.schema.json", "the JSON Schema, for editors")
    .epilogue(`${EXIT_CODES}\n\nRun '$0 <command> --help' for a command's options and examples.`)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .showHelpOnFail(false)
    .exitProcess(false)
    .fail((message, failure) => {
      if (failure) throw failure;
      // Throwing stops yargs here: with exitProcess(false) it would otherwise still run the command.
      throw new UsageError(message);
    });
  try {
    await parser.parseAsync(argv, {}, (_err, _argv, output) => {
      if (output) process.stdout.write(output.endsWith("\n") ? output : `${output}\n`);
    });
  } catch (cause) {
    if (!(cause instanceof UsageError)) throw cause;
    // Usage errors exit 2 (yargs' own default is 1, which means "drift" here).
    process.stderr.write(`cfggen: ${usageMessage(cause.message, argv, COMMANDS)}\nRun 'cfggen --help' for usage.\n`);
    exitCode = 2;
  }
  return exitCode;
}
