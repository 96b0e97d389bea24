// The command line: parse arguments, call one command (imported only when used), set the exit code.
import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import type { CommandContext } from "./context.js";
import type { Format } from "./report.js";
import { processIo, type ColorChoice } from "./terminal.js";
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

function context(args: GlobalArgs): CommandContext {
  return { io: processIo(args.color), format: args.format };
}

const COMMANDS = ["render", "diff", "check", "validate", "schema"];

const topologies = <T,>(y: Argv<T>) =>
  y.positional("topology", { type: "string", array: true, default: ["topology.yaml"], describe: "topology file(s); default ./topology.yaml" });

export async function main(argv: string[]): Promise<void> {
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
        const { renderCommand } = await import("./commands/render.js");
        exitCode = await renderCommand(args.topology as string[], { out: args.out, dryRun: args["dry-run"], force: args.force }, context(args));
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
        const { diffCommand } = await import("./commands/diff.js");
        exitCode = await diffCommand(args.topology as string[], { check: false, force: args.force }, context(args));
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
        const { diffCommand } = await import("./commands/diff.js");
        exitCode = await diffCommand(args.topology as string[], { check: true }, context(args));
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
        const { validateCommand } = await import("./commands/validate.js");
        exitCode = await validateCommand(args.topology as string[], context(args));
      },
    )
    .command(
      "schema",
      "print the JSON Schema of the topology format",
      (y) => y.example("$0 schema > cfggen.schema.json", "for editors (yaml-language-server)").epilogue(exitStatus("0  printed", "2  usage error")),
      async (args) => {
        const { schemaCommand } = await import("./commands/schema.js");
        exitCode = await schemaCommand(context(args));
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
  process.exitCode = exitCode;
}

main(hideBin(process.argv)).catch((cause: unknown) => {
  // A bug, not a user error: say so, with the stack, and exit 2.
  process.stderr.write(`cfggen: internal error (please report it): ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
  process.exitCode = 2;
});
