// cfggen's isIP skips node:net's IPv6 pattern for text without a colon (a start-up saving);
// it must still answer exactly as node:net does.
import { isIP as nodeIsIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isIP } from "../src/validate/net.js";

describe("isIP", () => {
  it("agrees with node:net on addresses, host names and near misses", () => {
    const samples = ["127.0.0.1", "10.0.0.12", "0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3", "01.2.3.4", "::1", "::", "[::1]", "fe80::1%eth0", "::ffff:10.0.0.1", "2001:db8::", "2001:db8:::1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "localhost", "dbserver", "", ":", "1.2.3.4:80", "g::1"];
    for (const text of samples) expect(isIP(text), text).toBe(nodeIsIP(text));
  });

  it("agrees with node:net on random text built from address characters", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(..."0123456789abcdefABCDEFg.:%[]x"), { maxLength: 24 }), (chars) => {
        const text = chars.join("");
        expect(isIP(text)).toBe(nodeIsIP(text));
      }),
      { numRuns: 5000 },
    );
  });
});
