// The JSON Schema of the topology format, generated from the same zod schema
// that validates it, so the two cannot disagree.
import { z } from "zod";
import { Topology } from "./schema.js";

export function topologyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Topology, { target: "draft-07", io: "input", unrepresentable: "throw" }) as Record<string, unknown>;
}
