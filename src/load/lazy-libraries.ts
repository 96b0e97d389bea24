// `yaml` loads on first use, synchronously: a clean topology in plain YAML never needs it
// (plain-yaml.ts), and `cfggen --help` neither. The bundle the package ships replaces this module
// with a require of its own copy of yaml (scripts/bundle.mjs).
import { createRequire } from "node:module";
import type * as Yaml from "yaml";

const require = createRequire(import.meta.url);

export const loadYaml = (): typeof Yaml => require("yaml") as typeof Yaml;
