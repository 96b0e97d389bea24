// The generated-file marker, in Go's convention, so tools recognise generated files.
// Split so that this source file does not itself look generated.
// The topology's file name is the user's: printable(), so a line break in it cannot end the comment.
import { printable } from "../diagnostics.js";

const CODE_GENERATED = "Code generated" + " by cfggen";

export function markerLine(topologyName: string): string {
  return `${CODE_GENERATED} from ${printable(topologyName)}. DO NOT EDIT.`;
}

export function howToChange(topologyName: string): string {
  const name = printable(topologyName);
  return `To change it, edit ${name} and run: cfggen render ${name}`;
}

/** Whether a file's text carries cfggen's marker (in its first lines, in any comment syntax). */
export function hasMarker(text: string): boolean {
  const head = text.slice(0, 2048);
  return new RegExp(`${CODE_GENERATED} from [^\\n]*\\. DO NOT EDIT\\.`).test(head);
}
