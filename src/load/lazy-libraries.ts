// The two YAML readers load on first use, synchronously: a clean topology needs only js-yaml
// (plain-yaml.ts), one with a problem only `yaml`, and `cfggen --help` neither. The bundle the
// package ships replaces this module with plain require calls, which esbuild bundles lazily.
import { createRequire } from "node:module";
import type * as JsYaml from "js-yaml";
import type * as Yaml from "yaml";

const require = createRequire(import.meta.url);

export const loadJsYaml = (): typeof JsYaml => require("js-yaml") as typeof JsYaml;
export const loadYaml = (): typeof Yaml => require("yaml") as typeof Yaml;
