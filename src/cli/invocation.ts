// What the user asked for, however the command line was parsed, and running it: each command's
// module is imported only when that command runs.
import type { Format } from "./report.js";
import { processIo, type ColorChoice } from "./terminal.js";
import type { CommandContext } from "./context.js";

export type CommandName = "render" | "diff" | "check" | "validate" | "schema";

export interface Invocation {
  command: CommandName;
  topologies: string[];
  format: Format;
  color: ColorChoice;
  /** render only */
  out?: string;
  dryRun: boolean;
  /** render and diff */
  force: boolean;
}

export const DEFAULT_TOPOLOGY = "topology.yaml";

export async function runInvocation(invocation: Invocation): Promise<number> {
  const context: CommandContext = { io: processIo(invocation.color), format: invocation.format };
  const { topologies, force } = invocation;
  switch (invocation.command) {
    case "render": {
      const { renderCommand } = await import("./commands/render.js");
      return renderCommand(topologies, { out: invocation.out, dryRun: invocation.dryRun, force }, context);
    }
    case "diff": {
      const { diffCommand } = await import("./commands/diff.js");
      return diffCommand(topologies, { check: false, force }, context);
    }
    case "check": {
      const { diffCommand } = await import("./commands/diff.js");
      return diffCommand(topologies, { check: true }, context);
    }
    case "validate": {
      const { validateCommand } = await import("./commands/validate.js");
      return validateCommand(topologies, context);
    }
    case "schema": {
      const { schemaCommand } = await import("./commands/schema.js");
      return schemaCommand(context);
    }
  }
}
