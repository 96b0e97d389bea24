// Tomcat reads `${NAME}` in server.xml from system properties only, unless this
// property names the environment as a source. It belongs in conf/catalina.properties
// beside server.xml, which must stay complete (Tomcat does not start without its loaders).
import { posix } from "node:path";
import type { Tomcat } from "../model/normalize.js";
import { renderTemplate } from "./engine.js";
import { howToChange, markerLine } from "./marker.js";

export const PROPERTY_SOURCE_KEY = "org.apache.tomcat.util.digester.PROPERTY_SOURCE";
export const PROPERTY_SOURCE_VALUE = "org.apache.tomcat.util.digester.EnvironmentPropertySource";

/** Whether server.xml refers to an environment variable, so Tomcat must read the environment. */
export function needsEnvironmentSource(tomcat: Tomcat): boolean {
  return typeof tomcat.ajp?.secret === "object";
}

export function catalinaPropertiesPath(tomcat: Tomcat): string {
  return posix.join(posix.dirname(tomcat.serverXml.replace(/\\/g, "/")), "catalina.properties");
}

/** A complete, minimal catalina.properties (Tomcat's stock loaders and package guards). */
export function renderNewCatalinaProperties(topologyName: string): string {
  return renderTemplate("tomcat/catalina.properties.hbs", {
    marker: markerLine(topologyName),
    howToChange: howToChange(topologyName),
    key: PROPERTY_SOURCE_KEY,
    value: PROPERTY_SOURCE_VALUE,
  });
}

/**
 * An existing catalina.properties with the property source set; every other line kept.
 * Returns undefined when the file sets the property to something else: that is the user's call.
 */
export function withPropertySource(existing: string): { text: string } | { conflict: string } {
  const line = existing.split(/\r?\n/).find((l) => new RegExp(`^\\s*${PROPERTY_SOURCE_KEY.replace(/\./g, "\\.")}\\s*[=:]`).test(l));
  if (line !== undefined) {
    const value = line.split(/[=:]/).slice(1).join("=").trim();
    return value === PROPERTY_SOURCE_VALUE ? { text: existing } : { conflict: value };
  }
  const eol = existing.includes("\r\n") ? "\r\n" : "\n";
  const separator = existing.length === 0 || existing.endsWith("\n") ? "" : eol;
  return {
    text: `${existing}${separator}# Added by cfggen: lets server.xml read \${NAME} references (the AJP secret) from the environment.${eol}${PROPERTY_SOURCE_KEY}=${PROPERTY_SOURCE_VALUE}${eol}`,
  };
}
