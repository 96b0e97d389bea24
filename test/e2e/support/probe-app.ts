// The probe application's two variants. Plain: each Tomcat keeps its own sessions. Distributable:
// the same web.xml with <distributable/>, without which a Tomcat cluster forms but replicates
// nothing and logs nothing (measured); its session attribute (an Integer) is Serializable.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const PROBE_APP = fileURLToPath(new URL("./probe-app/", import.meta.url));

export type ProbeVariant = "plain" | "distributable";

/** The probe's web.xml with <distributable/> as the first child of <web-app>. */
export function distributableWebXml(): string {
  const plain = readFileSync(join(PROBE_APP, "WEB-INF", "web.xml"), "utf8");
  const marked = plain.replace(/(<web-app\b[^>]*>\n)/, "$1  <distributable/>\n");
  if (marked === plain) throw new Error("the probe's web.xml has no <web-app> start tag to mark distributable");
  return marked;
}

/** Turns a deployed copy of the probe (a webapps/ROOT folder) into the given variant. */
export function useProbeVariant(deployedApp: string, variant: ProbeVariant): void {
  if (variant === "distributable") writeFileSync(join(deployedApp, "WEB-INF", "web.xml"), distributableWebXml());
}
