// A test copy of a topology whose Tomcats all live on this machine: every non-loopback host and bind
// address becomes a loopback address of its own (127.0.0.2, .3, ...; one per original machine), every
// listening port a free high port, and every HTTP connector binds loopback rather than all addresses.
// Everything else in the file stays as written, so cfggen renders the same files but for those values,
// and the tests prove that by mapping the values back.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isIP } from "node:net";
import { parseDocument } from "yaml";
import { freePorts } from "./ports.js";

export interface LoopbackCopy {
  topology: string;
  /** Port in the copy -> port in the original (8005 where the original left shutdownPort to its default). */
  originalPorts: Map<number, number>;
  /** Loopback address given in the copy -> the original host it stands for. */
  originalHosts: Map<string, string>;
}

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === "localhost" || h === "::1" || (isIP(h) === 4 && h.startsWith("127."));
}

/** A loopback address the original never mentions, so mapping it back is unambiguous. */
function unusedLoopback(sourceText: string, taken: Map<string, string>): string {
  const used = new Set(taken.values());
  for (let n = 2; n < 255; n++) {
    const candidate = `127.0.0.${n}`;
    if (!used.has(candidate) && !sourceText.includes(candidate)) return candidate;
  }
  throw new Error("no unused loopback address left");
}

/** The address to bind on for a Tomcat whose host is `host` (already loopback). */
function bindAddressFor(host: string): string {
  return host.toLowerCase() === "localhost" ? "127.0.0.1" : host;
}

export async function loopbackCopy(sourceText: string, dir: string): Promise<LoopbackCopy> {
  const doc = parseDocument(sourceText);
  const tomcats = doc.getIn(["tomcats"]) as { items: unknown[] } | undefined;
  const count = tomcats?.items.length ?? 0;
  const originalPorts = new Map<number, number>();
  const originalHosts = new Map<string, string>();
  const hostFor = new Map<string, string>();
  const portsNeeded = count * 4;
  const fresh = await freePorts(portsNeeded);

  const remapPort = (path: (string | number)[], fallback?: number) => {
    const original = (doc.getIn(path) as number | undefined) ?? fallback;
    if (original === undefined || original === -1) return;
    const port = fresh.pop()!;
    originalPorts.set(port, original);
    doc.setIn(path, port);
  };

  for (let i = 0; i < count; i++) {
    const at = (...keys: string[]) => ["tomcats", i, ...keys];
    let host = String(doc.getIn(at("host")));
    if (!isLoopback(host)) {
      if (!hostFor.has(host)) hostFor.set(host, unusedLoopback(sourceText, hostFor));
      const loopback = hostFor.get(host)!;
      originalHosts.set(loopback, host);
      doc.setIn(at("host"), loopback);
      host = loopback;
    }
    const bind = bindAddressFor(host);
    remapPort(at("shutdownPort"), 8005);
    for (const connector of ["ajp", "http", "cluster"]) {
      if (!doc.hasIn(at(connector))) continue;
      remapPort(at(connector, "port"));
      const address = doc.getIn(at(connector, "address")) as string | undefined;
      // AJP without an address binds loopback already; HTTP without one would bind every address.
      if ((address !== undefined && !isLoopback(address)) || (address === undefined && connector === "http")) {
        doc.setIn(at(connector, "address"), bind);
      }
    }
  }
  mkdirSync(dir, { recursive: true });
  const topology = join(dir, "topology.yaml");
  writeFileSync(topology, String(doc));
  return { topology, originalPorts, originalHosts };
}

/**
 * A rendered server.xml of the copy, with its ports mapped back and every bind address and host left out:
 * it must equal the server.xml rendered from the original topology, so left out the same way.
 */
export function serverXmlWithoutSockets(xml: string, originalPorts: Map<number, number> = new Map()): string {
  return xml
    .replace(/\s(?:address|host)="[^"]*"/g, "")
    .replace(/\bport="(\d+)"/g, (all, port: string) => `port="${originalPorts.get(Number(port)) ?? port}"`);
}

/** The rendered include of the copy, with member hosts and ports mapped back: byte for byte the original's. */
export function includeMappedBack(include: string, copy: LoopbackCopy): string {
  return include.replace(/"(ajp|http):\/\/([^":/]+|\[[^\]]+\]):(\d+)"/g, (all, scheme: string, host: string, port: string) => {
    const originalHost = copy.originalHosts.get(host) ?? host;
    const originalPort = copy.originalPorts.get(Number(port)) ?? Number(port);
    return `"${scheme}://${originalHost}:${originalPort}"`;
  });
}
