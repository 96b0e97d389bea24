// The command line: parse arguments, call one command (imported only when used), set the exit code.
// The common invocations skip yargs (simple-arguments.ts): a pre-commit check should cost little
// more than Node's own start-up. Everything else, help and usage errors included, goes to yargs.
import { runInvocation } from "./invocation.js";
import { simpleInvocation } from "./simple-arguments.js";

export async function main(argv: string[]): Promise<void> {
  const simple = simpleInvocation(argv);
  if (simple) {
    process.exitCode = await runInvocation(simple);
    return;
  }
  const { parseArguments } = await import("./arguments.js");
  process.exitCode = await parseArguments(argv, runInvocation);
}

// As yargs' hideBin: the arguments after `node` and the script.
main(process.argv.slice(2)).catch((cause: unknown) => {
  // A bug, not a user error: say so, with the stack, and exit 2.
  process.stderr.write(`cfggen: internal error (please report it): ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
  process.exitCode = 2;
});
