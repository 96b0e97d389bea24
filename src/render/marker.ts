// The generated-file marker, in Go's convention, so tools recognise generated files.
// Split so that this source file does not itself look generated.
const CODE_GENERATED = "Code generated" + " by cfggen";

export function markerLine(topologyName: string): string {
  return `${CODE_GENERATED} from ${topologyName}. DO NOT EDIT.`;
}

export function howToChange(topologyName: string): string {
  return `To change it, edit ${topologyName} and run: cfggen render ${topologyName}`;
}

/** Whether a file's text carries cfggen's marker (in its first lines, in any comment syntax). */
export function hasMarker(text: string): boolean {
  const head = text.slice(0, 2048);
  return new RegExp(`${CODE_GENERATED} from [^\\n]*\\. DO NOT EDIT\\.`).test(head);
}
