// The <Cluster> element of an existing server.xml when the topology replicates sessions: cfggen owns
// the whole element, so a live one that differs in any byte (a hand edit included) is replaced, and
// a missing one is inserted. Rendered in the file's own indentation and line breaks, so patching the
// result again finds it equal and changes nothing.
import { renderClusterElement, type ClusterConfig } from "../render/cluster.js";
import { indentOfLine, lineBreakNear, lineStart, type Edit } from "./text-edit.js";
import type { XmlElement } from "./xml-scan.js";

export function clusterEdits(text: string, engine: XmlElement, live: XmlElement | undefined, cluster: ClusterConfig): Edit[] {
  if (live) {
    const desired = renderClusterElement(cluster, indentOfLine(text, live.start), lineBreakNear(text, live.start));
    return text.slice(live.start, live.end) === desired ? [] : [{ start: live.start, end: live.end, text: desired }];
  }
  const eol = lineBreakNear(text, engine.start);
  const engineIndent = indentOfLine(text, engine.start);
  const first = engine.children[0];
  // Before the Engine's first child element, at that child's indentation, when it starts its line;
  // above the comment lines right over that child too, which are about the child.
  if (first && startsLine(text, first.start)) {
    const indent = indentOfLine(text, first.start);
    const at = aboveItsComments(text, lineStart(text, first.start), engine.tagEnd);
    return [{ start: at, end: at, text: indent + renderClusterElement(cluster, indent, eol) + eol }];
  }
  // Otherwise on a line of its own, one step deeper than the Engine.
  const indent = engineIndent + (engineIndent.includes("\t") ? "\t" : "  ");
  const element = renderClusterElement(cluster, indent, eol);
  if (first) return [{ start: first.start, end: first.start, text: eol + indent + element + eol + indent }];
  if (engine.selfClosing) {
    // <Engine .../> becomes <Engine ...> Cluster </Engine>.
    return [{ start: engine.tagEnd - 2, end: engine.tagEnd, text: `>${eol}${indent}${element}${eol}${engineIndent}</Engine>` }];
  }
  const endTag = text.lastIndexOf("</", engine.end);
  const endTagOnItsOwnLine = /[\r\n]/.test(text.slice(engine.tagEnd, endTag));
  return [{ start: engine.tagEnd, end: engine.tagEnd, text: eol + indent + element + (endTagOnItsOwnLine ? "" : eol + engineIndent) }];
}

/**
 * The start of the first of the comments that fill whole lines right above `lineAt` (no blank line
 * between), not before `limit`; `lineAt` itself when there are none. A comment cannot hold "<!--",
 * so the last one before its "-->" is where it starts.
 */
function aboveItsComments(text: string, lineAt: number, limit: number): number {
  let at = lineAt;
  for (;;) {
    const before = /-->[ \t]*(?:\r\n|\n|\r)$/.exec(text.slice(limit, at));
    if (!before) return at;
    const commentStart = text.lastIndexOf("<!--", limit + before.index);
    if (commentStart < limit || !startsLine(text, commentStart)) return at;
    at = lineStart(text, commentStart);
  }
}

/** Whether only spaces and tabs come before `offset` on its line. */
function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}
