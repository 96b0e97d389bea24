// Where output goes and whether it is coloured. Colour precedence: --color always|never,
// then FORCE_COLOR, then NO_COLOR, then TERM=dumb, then whether the stream is a terminal.
import type { Palette } from "../output/diff.js";

export type ColorChoice = "auto" | "always" | "never";

export function useColor(choice: ColorChoice, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (choice === "always") return true;
  if (choice === "never") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export function palette(enabled: boolean): Palette {
  if (!enabled) {
    const plain = (text: string) => text;
    return { bold: plain, red: plain, green: plain, cyan: plain, yellow: plain };
  }
  return { bold: sgr(1, 22), red: sgr(31, 39), green: sgr(32, 39), cyan: sgr(36, 39), yellow: sgr(33, 39) };
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  stdoutColor: Palette;
  stderrColor: Palette;
}

export function processIo(choice: ColorChoice): Io {
  return {
    out: (text) => void process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => void process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    stdoutColor: palette(useColor(choice, process.stdout)),
    stderrColor: palette(useColor(choice, process.stderr)),
  };
}
