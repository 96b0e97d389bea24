// The README's table of validation codes is generated from src/validate/codes.ts
// (`npm run golden:update` rewrites it) and must not go stale.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { CODES } from "../src/validate/codes.js";
import { ROOT } from "./support/fixtures.js";

function codesTable(): string {
  const rows = Object.entries(CODES)
    .sort(([a, x], [b, y]) => x.severity.localeCompare(y.severity) || a.localeCompare(b))
    .map(([code, { severity, meaning }]) => `| \`${code}\` | ${severity} | ${meaning.replace(/\|/g, "\\|")} |`);
  return ["| code | severity | meaning |", "| --- | --- | --- |", ...rows].join("\n");
}

it("the README lists every diagnostic code with its meaning", () => {
  const path = join(ROOT, "README.md");
  const readme = readFileSync(path, "utf8");
  const generated = readme.replace(/(<!-- codes:start -->\n)[\s\S]*?(<!-- codes:end -->)/, `$1${codesTable()}\n$2`);
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(path, generated);
  const current = readFileSync(path, "utf8");
  expect(current).toBe(generated);
  for (const code of Object.keys(CODES)) expect(current).toContain(`\`${code}\``);
});
