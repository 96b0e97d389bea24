// Address facts the rules share: which hosts are loopback, which Tomcats share a machine.
import { isIPv4, isIPv6 } from "node:net";

/**
 * node:net's isIP, without running its IPv6 pattern on text that has no colon and so cannot be
 * IPv6: V8 compiles that pattern on first use, which costs a pre-commit check some milliseconds.
 */
export function isIP(text: string): 0 | 4 | 6 {
  if (text.includes(":")) return isIPv6(text) ? 6 : 0;
  return isIPv4(text) ? 4 : 0;
}

/** `localhost`, 127.0.0.0/8 and ::1 all mean "this machine" (spec 1.2). */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || (isIP(h) === 4 && h.startsWith("127."));
}

/** Hosts that are the same machine map to one key. */
export function machineKey(host: string): string {
  return isLoopback(host) ? "loopback" : host.toLowerCase();
}

export function isWildcard(address: string): boolean {
  return address === "0.0.0.0" || address === "::" || address === "[::]";
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function isHostOrIp(host: string): boolean {
  return isIP(host) !== 0 || HOSTNAME.test(host);
}

/**
 * `Require ip` accepts an address, a network/prefix, or a leading part such as 10.1. Checked
 * against httpd 2.4 (apr_ipsubnet_create): a prefix of 0, an IPv6 zone (%eth0) and an
 * IPv4-mapped IPv6 address (::ffff:10.0.0.1) stop httpd from starting.
 */
export function isRequireIpArgument(value: string): boolean {
  const [address, prefix, ...rest] = value.split("/");
  if (rest.length > 0 || address === undefined) return false;
  const family = isIP(address);
  if (family === 6 && (address.includes("%") || isIpv4Mapped(address))) return false;
  if (prefix !== undefined) {
    const bits = Number(prefix);
    return family !== 0 && /^\d+$/.test(prefix) && bits >= 1 && bits <= (family === 4 ? 32 : 128);
  }
  return family !== 0 || /^\d{1,3}(\.\d{1,3}){0,2}$/.test(address);
}

/** ::ffff:a.b.c.d in any spelling (the URL parser writes IPv6 in its one canonical form). */
function isIpv4Mapped(ipv6: string): boolean {
  return new URL(`http://[${ipv6}]/`).hostname.toLowerCase().startsWith("[::ffff:");
}

/** The host as it goes into a URL: IPv6 literals in brackets. */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}
