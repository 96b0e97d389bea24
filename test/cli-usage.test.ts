// The command line as a user meets it: help with examples and exit codes for every command,
// a suggestion for a mistyped command, usage errors that run nothing, and colour that follows
// --color, FORCE_COLOR, NO_COLOR and whether the stream is a terminal.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { palette, useColor } from "../src/cli/terminal.js";
import { CLI, ROOT, readTree, runCli, stageFixture } from "./support/fixtures.js";

const ESC = "\u001b[";
const COMMANDS = ["render", "diff", "check", "validate", "schema"];
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

describe("--help", () => {
  it("the top level lists every command, examples and the exit statuses", () => {
    const help = runCli(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stderr).toBe("");
    for (const command of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^\\s+cfggen ${command}\\b`, "m"));
    expect(help.stdout).toContain("Examples:");
    expect(help.stdout).toMatch(/Exit status:\n\s+0 .*\n\s+1 .*\n\s+2 /);
  });

  it.each(COMMANDS)("`%s --help` shows its options, its own examples and its exit statuses", (command) => {
    const help = runCli([command, "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^cfggen ${command}`));
    const examples = help.stdout.slice(help.stdout.indexOf("Examples:"), help.stdout.indexOf("Exit status:"));
    expect(examples).toMatch(new RegExp(`^\\s+cfggen ${command}\\b`, "m"));
    expect(help.stdout).toMatch(/Exit status:\n\s+0  \S/);
    expect(help.stdout).toMatch(/^\s+2  .*usage error/m);
    expect(help.stdout).toContain("--color");
    expect(help.stdout).toContain("--format");
  });

  it("exit status 1 is listed exactly for the commands that report differences", () => {
    for (const command of COMMANDS) {
      const lists1 = /^\s+1  /m.test(runCli([command, "--help"]).stdout);
      expect(lists1, command).toBe(command === "diff" || command === "check");
    }
  });

  it("--version prints the package version", () => {
    expect(runCli(["--version"])).toMatchObject({ status: 0, stdout: `${VERSION}\n` });
  });
});

describe("usage errors", () => {
  it.each([
    ["rendr", "render"],
    ["chek", "check"],
    ["validat", "validate"],
    ["shema", "schema"],
  ])("an unknown command `%s` suggests `%s`, exit 2", (typed, meant) => {
    const result = runCli([typed]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`cfggen: unknown command \`${typed}\`; did you mean \`${meant}\`?\nRun 'cfggen --help' for usage.\n`);
  });

  it("an unknown command like no other lists the commands", () => {
    const result = runCli(["frobnicate"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`the commands are ${COMMANDS.join(", ")}`);
  });

  it("no command: exit 2 and what to type", () => {
    const result = runCli([]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^cfggen: name a command: render, diff/);
  });

  it("a usage error runs nothing: render with an unknown flag writes no file", () => {
    const topology = stageFixture("12cd");
    const result = runCli(["render", "--no-such-flag"], { cwd: dirname(topology) });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("cfggen: unknown option `--no-such-flag`\nRun 'cfggen --help' for usage.\n");
    expect([...readTree(dirname(topology)).keys()]).toEqual(["topology.yaml"]);
  });

  it.each([
    [["schema", "extra"], "unexpected argument `extra`"],
    [["validate", "--format", "xml"], '--format cannot be "xml": use text, json, github'],
    [["diff", "--color", "sometimes"], '--color cannot be "sometimes": use auto, always, never'],
    [["check", "--bogus=3"], "unknown option `--bogus`"],
    [["render", "-z"], "unknown option `-z`"],
  ])("%j: exit 2, one message, nothing on stdout", (args, message) => {
    const result = runCli(args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`cfggen: ${message}\nRun 'cfggen --help' for usage.\n`);
  });
});

describe("colour", () => {
  it("useColor: --color first, then FORCE_COLOR, then NO_COLOR, then TERM=dumb, then the terminal", () => {
    const tty = { isTTY: true };
    const pipe = { isTTY: false };
    expect(useColor("always", pipe, { NO_COLOR: "1" })).toBe(true);
    expect(useColor("never", tty, { FORCE_COLOR: "1" })).toBe(false);
    expect(useColor("auto", pipe, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(true);
    expect(useColor("auto", pipe, { FORCE_COLOR: "" })).toBe(true);
    expect(useColor("auto", tty, { FORCE_COLOR: "0" })).toBe(false);
    expect(useColor("auto", tty, { FORCE_COLOR: "false" })).toBe(false);
    expect(useColor("auto", tty, { NO_COLOR: "1" })).toBe(false);
    expect(useColor("auto", tty, { NO_COLOR: "" })).toBe(true);
    expect(useColor("auto", tty, { TERM: "dumb" })).toBe(false);
    expect(useColor("auto", tty, {})).toBe(true);
    expect(useColor("auto", pipe, {})).toBe(false);
    expect(useColor("auto", {}, {})).toBe(false);
  });

  it("palette(false) leaves text alone; palette(true) wraps it in SGR codes", () => {
    expect(palette(false).red("x")).toBe("x");
    expect(palette(true).red("x")).toBe(`${ESC}31mx${ESC}39m`);
  });

  /** A rendered 12cd site whose topology then changed: diff has something to colour. */
  function driftedSite(): string {
    const topology = stageFixture("12cd");
    expect(runCli(["render", topology]).status).toBe(0);
    writeFileSync(topology, readFileSync(topology, "utf8").replace("loadFactor: 80", "loadFactor: 70"));
    return topology;
  }

  const noColorEnv = { NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: "xterm" };

  it.each([
    { name: "piped, no flag, no env: plain", args: [], env: {}, colored: false },
    { name: "--color always: coloured even when piped", args: ["--color", "always"], env: {}, colored: true },
    { name: "FORCE_COLOR=1: coloured even when piped", args: [], env: { FORCE_COLOR: "1" }, colored: true },
    { name: "FORCE_COLOR=1 and NO_COLOR=1: FORCE_COLOR wins", args: [], env: { FORCE_COLOR: "1", NO_COLOR: "1" }, colored: true },
    { name: "FORCE_COLOR=0: plain", args: [], env: { FORCE_COLOR: "0" }, colored: false },
    { name: "--color never beats FORCE_COLOR", args: ["--color", "never"], env: { FORCE_COLOR: "1" }, colored: false },
    { name: "--color always beats NO_COLOR", args: ["--color", "always"], env: { NO_COLOR: "1" }, colored: true },
  ])("diff output, $name", ({ args, env, colored }) => {
    const topology = driftedSite();
    const result = runCli(["diff", topology, ...args], { env: { ...noColorEnv, ...env } });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("loadfactor=70");
    expect(result.stdout.includes(ESC)).toBe(colored);
    if (colored) expect(result.stdout).toContain(`${ESC}32m+    BalancerMember`);
  });

  it("diagnostics on stderr follow the same rule", () => {
    const topology = stageFixture("12cd");
    writeFileSync(topology, readFileSync(topology, "utf8").replace("loadFactor: 80", "loadFactor: 800"));
    const plain = runCli(["validate", topology], { env: noColorEnv });
    const forced = runCli(["validate", topology], { env: { ...noColorEnv, FORCE_COLOR: "1" } });
    expect(plain.status).toBe(2);
    expect(plain.stderr).toContain("error loadfactor-range");
    expect(plain.stderr).not.toContain(ESC);
    expect(forced.stderr).toContain(`${ESC}31merror${ESC}39m loadfactor-range`);
  });

  // A real terminal, from util-linux `script` (Debian's bsdutils, always installed): the one
  // case a pipe cannot show.
  function inTerminal(command: string[], env: NodeJS.ProcessEnv): string {
    const line = command.map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(" ");
    const result = spawnSync("script", ["-qec", line, "/dev/null"], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 });
    expect(result.status).toBe(1);
    return result.stdout;
  }

  it("in a terminal, colour is on by default and NO_COLOR turns it off", () => {
    const topology = driftedSite();
    const command = [process.execPath, CLI, "diff", topology];
    const inTty = inTerminal(command, noColorEnv);
    expect(inTty).toContain("loadfactor=70");
    expect(inTty).toContain(`${ESC}32m+`);
    const noColor = inTerminal(command, { ...noColorEnv, NO_COLOR: "1" });
    expect(noColor).toContain("loadfactor=70");
    expect(noColor).not.toContain(ESC);
  });
});
