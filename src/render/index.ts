// Topology -> every output target. Pure: what is on disk is the output stage's business.
import type { ModelPath } from "../diagnostics.js";
import type { Topology } from "../model/normalize.js";
import { catalinaPropertiesPath, needsEnvironmentSource, renderNewCatalinaProperties } from "./catalina-properties.js";
import { clustersByTomcat } from "./cluster.js";
import { renderHttpdInclude } from "./httpd-include.js";
import { managedServerXml, renderNewServerXml, type ManagedServerXml } from "./server-xml.js";

interface TargetBase {
  /** Relative to the topology's folder, with "/" separators. */
  path: string;
  /** Where the topology names this file: diagnostics about it point here. */
  modelPath: ModelPath;
  /** Holds a literal secret: written 0600, and masked in anything printed. */
  holdsSecret: boolean;
}

/** The httpd include: cfggen owns the whole file. */
export interface IncludeTarget extends TargetBase {
  kind: "include";
  content: string;
}

/** A Tomcat's server.xml: a new file is written whole (fresh); an existing one is patched (managed). */
export interface ServerXmlTarget extends TargetBase {
  kind: "server-xml";
  tomcat: string;
  /** The Tomcat's host: its ports must not collide with those of other Tomcats on that machine. */
  host: string;
  fresh: string;
  managed: ManagedServerXml;
}

/** conf/catalina.properties beside server.xml, when server.xml reads the environment. */
export interface CatalinaPropertiesTarget extends TargetBase {
  kind: "catalina-properties";
  fresh: string;
}

export type RenderTarget = IncludeTarget | ServerXmlTarget | CatalinaPropertiesTarget;

export function renderTargets(topology: Topology, topologyName: string): RenderTarget[] {
  const include: IncludeTarget = {
    kind: "include",
    path: topology.apache.file,
    modelPath: ["apache", "file"],
    holdsSecret: topology.tomcats.some((t) => typeof t.ajp?.secret === "string"),
    content: renderHttpdInclude(topology, topologyName),
  };
  // The same for every Tomcat of the topology: rendered once, not once per Tomcat.
  let catalinaProperties: string | undefined;
  const clusters = clustersByTomcat(topology);
  const tomcatTargets = topology.tomcats.flatMap((tomcat, i): RenderTarget[] => {
    const managed = managedServerXml(tomcat, clusters.get(tomcat.name));
    const serverXml: ServerXmlTarget = {
      kind: "server-xml",
      path: tomcat.serverXml,
      modelPath: ["tomcats", i, "serverXml"],
      holdsSecret: typeof tomcat.ajp?.secret === "string",
      tomcat: tomcat.name,
      host: tomcat.host,
      fresh: renderNewServerXml(tomcat, topologyName, managed),
      managed,
    };
    if (!needsEnvironmentSource(tomcat)) return [serverXml];
    catalinaProperties ??= renderNewCatalinaProperties(topologyName);
    return [serverXml, { kind: "catalina-properties", path: catalinaPropertiesPath(tomcat), modelPath: ["tomcats", i, "serverXml"], holdsSecret: false, fresh: catalinaProperties }];
  });
  return [include, ...dedupeByPath(tomcatTargets)];
}

/** Two Tomcats may share a conf folder's catalina.properties only in theory; keep the first. */
function dedupeByPath(targets: RenderTarget[]): RenderTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => !seen.has(t.path) && (seen.add(t.path), true));
}
