// The command line: parse arguments, call one command (imported only when used), set the exit code.
import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import type { CommandContext } from "./context.js";
import type { Format } from "./report.js";
import { processIo, type ColorChoice } from "./terminal.js";
import { packageVersion } from "./version.js";

const EXIT_CODES = `Exit status:
  0  done / in sync / valid (warnings allowed)
  1  differences found (diff, check)
  2  invalid topology, refused file, I/O or usage error`;

interface GlobalArgs {
  format: Format;
  color: ColorChoice;
}

function context(args: GlobalArgs): CommandContext {
  return { io: processIo(args.color), format: args.format };
}

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
          .example("$0 render site/topology.yaml --out build/cfggen", "write a CI artifact with manifest.json")
          .example("$0 render --dry-run", "list what would change")
          .epilogue(EXIT_CODES),
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
          .epilogue(EXIT_CODES),
      async (args) => {
        const { diffCommand } = await import("./commands/diff.js");
        exitCode = await diffCommand(args.topology as string[], { check: false, force: args.force }, context(args));
      },
    )
    .command(
      "check [topology..]",
      "for pre-commit and CI: silent when in sync; on drift the diff and the fixing command",
      (y) => topologies(y).example("$0 check a/topology.yaml b/topology.yaml", "check several sites").epilogue(EXIT_CODES),
      async (args) => {
        const { diffCommand } = await import("./commands/diff.js");
        exitCode = await diffCommand(args.topology as string[], { check: true }, context(args));
      },
    )
    .command(
      "validate [topology..]",
      "load and validate; print diagnostics",
      (y) => topologies(y).example("$0 validate", "validate ./topology.yaml").example("$0 validate --format json", "diagnostics as JSON").epilogue(EXIT_CODES),
      async (args) => {
        const { validateCommand } = await import("./commands/validate.js");
        exitCode = await validateCommand(args.topology as string[], context(args));
      },
    )
    .command(
      "schema",
      "print the JSON Schema of the topology format",
      (y) => y.example("$0 schema > cfggen.schema.json", "for editors (yaml-language-server)").epilogue("Exit status:\n  0  printed"),
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
    .epilogue(EXIT_CODES)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .showHelpOnFail(false)
    .exitProcess(false)
    .fail((message, failure) => {
      // Usage errors exit 2 (yargs' own default is 1, which means "drift" here).
      if (failure) throw failure;
      process.stderr.write(`cfggen: ${message}\nRun 'cfggen --help' for usage.\n`);
      exitCode = 2;
    });
  await parser.parseAsync(argv.length ? argv : [], {}, (err, _argv, output) => {
    if (output) process.stdout.write(output.endsWith("\n") ? output : `${output}\n`);
    void err;
  });
  process.exitCode = exitCode;
}

main(hideBin(process.argv)).catch((cause: unknown) => {
  // A bug, not a user error: say so, with the stack, and exit 2.
  process.stderr.write(`cfggen: internal error (please report it): ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
  process.exitCode = 2;
});
