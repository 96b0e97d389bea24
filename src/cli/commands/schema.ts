import { topologyJsonSchema } from "../../model/json-schema.js";
import { EXIT, type CommandContext } from "../context.js";

export async function schemaCommand(context: CommandContext): Promise<number> {
  context.io.out(`${JSON.stringify(topologyJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
