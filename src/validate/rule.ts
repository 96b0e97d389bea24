import type { Finding } from "../diagnostics.js";
import type { Topology } from "../model/normalize.js";

/** One semantic rule: a small pure function that reports under stable codes. */
export type Rule = (topology: Topology) => Finding[];
