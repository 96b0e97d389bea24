// The JSON Schema of the topology format, generated from the same zod schema
// that validates it, so the two cannot disagree.
// A namespace import, so the bundle keeps only the parts of zod used here (no locales, ...).
import * as z from "zod";
import { Topology } from "./schema.js";

export function topologyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Topology, { target: "draft-07", io: "input", unrepresentable: "throw" }) as Record<string, unknown>;
}
