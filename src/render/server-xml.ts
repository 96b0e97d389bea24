// Topology -> what cfggen manages in one Tomcat's server.xml, and the minimal
// complete server.xml written when the file does not exist yet.
import type { Tomcat } from "../model/normalize.js";
import { renderClusterElement, type ClusterConfig } from "./cluster.js";
import { renderTemplate } from "./engine.js";
import { howToChange, markerLine } from "./marker.js";
import { tomcatSecret } from "./secret.js";

export type Attribute = readonly [name: string, value: string];

/** The parts of server.xml that cfggen owns; everything else belongs to the user. */
export interface ManagedServerXml {
  /** Server@port, the shutdown port (-1 disables it). */
  serverPort: string;
  /** Engine@jvmRoute: the same value as the route= of every member pointing here. */
  jvmRoute: string;
  /** The AJP connector's attributes, in the order written; undefined when the Tomcat has none. */
  ajpConnector?: Attribute[];
  httpConnector?: Attribute[];
  /** With session replication, the whole <Cluster> element inside the Engine; otherwise any Cluster is the user's. */
  cluster?: ClusterConfig;
}

export function managedServerXml(tomcat: Tomcat, cluster?: ClusterConfig): ManagedServerXml {
  return {
    serverPort: String(tomcat.shutdownPort),
    jvmRoute: tomcat.jvmRoute,
    ajpConnector: tomcat.ajp ? ajpAttributes(tomcat.ajp) : undefined,
    httpConnector: tomcat.http ? httpAttributes(tomcat.http) : undefined,
    cluster,
  };
}

/**
 * Every attribute the renderer may write on each connector, in the order written. On an existing
 * server.xml these are cfggen's (one the topology no longer sets is removed); others are the user's.
 */
export const AJP_ATTRIBUTES = ["protocol", "address", "port", "secret", "secretRequired", "redirectPort", "URIEncoding", "packetSize", "maxThreads", "connectionTimeout", "keepAliveTimeout", "bindOnInit"] as const;
export const HTTP_ATTRIBUTES = ["protocol", "address", "port", "connectionTimeout", "redirectPort", "maxThreads"] as const;

type AttributeValues<Name extends string> = [Name, string | number | undefined][];

function ajpAttributes(ajp: NonNullable<Tomcat["ajp"]>): Attribute[] {
  const attributes: AttributeValues<(typeof AJP_ATTRIBUTES)[number]> = [
    ["protocol", "AJP/1.3"],
    // Always explicit: Tomcat's own default is loopback, and its sample uses ::1.
    ["address", ajp.address],
    ["port", ajp.port],
  ];
  const secret = tomcatSecret(ajp.secret);
  if (secret !== undefined) attributes.push(["secret", secret]);
  // Loopback-only without a secret: Tomcat 9.0.31+ refuses to start the connector unless told.
  else attributes.push(["secretRequired", "false"]);
  attributes.push(
    ["redirectPort", ajp.redirectPort],
    ["URIEncoding", ajp.uriEncoding],
    ["packetSize", ajp.packetSize],
    ["maxThreads", ajp.maxThreads],
    ["connectionTimeout", ajp.connectionTimeout],
    ["keepAliveTimeout", ajp.keepAliveTimeout],
    ["bindOnInit", String(ajp.bindOnInit)],
  );
  return defined(attributes);
}

function httpAttributes(http: NonNullable<Tomcat["http"]>): Attribute[] {
  return defined<(typeof HTTP_ATTRIBUTES)[number]>([
    ["protocol", "HTTP/1.1"],
    ["address", http.address],
    ["port", http.port],
    ["connectionTimeout", http.connectionTimeout],
    ["redirectPort", http.redirectPort],
    ["maxThreads", http.maxThreads],
  ]);
}

function defined<Name extends string>(attributes: AttributeValues<Name>): Attribute[] {
  return attributes.flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)] as const]));
}

/** A complete server.xml for a Tomcat that has none yet; it starts as it is. */
export function renderNewServerXml(tomcat: Tomcat, topologyName: string, managed = managedServerXml(tomcat)): string {
  return renderTemplate("tomcat/server.xml.hbs", {
    marker: markerLine(topologyName),
    howToChange: howToChange(topologyName),
    version: tomcat.version,
    name: tomcat.name,
    serverPort: managed.serverPort,
    jvmRoute: managed.jvmRoute,
    connectors: [managed.ajpConnector, managed.httpConnector].filter((c) => c !== undefined).map((attributes) => ({ attributes })),
    // Indented as the template's Engine children.
    cluster: managed.cluster ? renderClusterElement(managed.cluster, "      ", "\n") : "",
  });
}
