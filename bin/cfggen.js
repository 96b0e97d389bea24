#!/usr/bin/env node
// Cache compiled code between runs where Node offers it (20.18+ / 22.1+): a faster start for pre-commit.
import module from "node:module";
module.enableCompileCache?.();
await import("../dist/cli/main.js");
