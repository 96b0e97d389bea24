// Each semantic rule: silent on every valid fixture; the warnings fire where they should.
// (Each error rule's trigger is an invalid fixture: see invalid-fixtures.test.ts.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parseModel } from "../src/model/parse.js";
import { validateData } from "../src/validate/index.js";
import { ADVICE, RULES } from "../src/validate/rules/index.js";
import { isLoopback, isRequireIpArgument, machineKey } from "../src/validate/net.js";
import { FIXTURES, fixtureNames } from "./support/fixtures.js";

const load = (name: string) => parse(readFileSync(join(FIXTURES, "valid", name, "topology.yaml"), "utf8")) as Record<string, any>;

describe.each(fixtureNames("valid"))("valid fixture %s", (name) => {
  it.each(RULES.map((rule) => [rule.name, rule] as const))("passes rule %s", (_name, rule) => {
    const { topology } = parseModel(load(name));
    expect(topology).toBeDefined();
    expect(rule(topology!)).toEqual([]);
  });
});

function withChange(change: (data: Record<string, any>) => void) {
  const data = load("12cd");
  change(data);
  return validateData(data).findings.map((f) => `${f.severity} ${f.code} ${f.path.join(".")}`);
}

describe("warnings", () => {
  it("12cd warns about nothing", () => {
    expect(withChange(() => {})).toEqual([]);
  });
  it("secret-literal: a literal secret", () => {
    expect(withChange((d) => (d.tomcats[0].ajp.secret = "0123456789abcdefXYZ"))).toEqual(["warning secret-literal tomcats.0.ajp.secret"]);
  });
  it("ajp-no-secret: loopback AJP without a secret", () => {
    expect(withChange((d) => delete d.tomcats[0].ajp.secret)).toEqual(["warning ajp-no-secret tomcats.0.ajp"]);
  });
  it("nofailover-standby: noFailover with a standby", () => {
    expect(withChange((d) => (d.apache.balancers[0].noFailover = true))).toEqual(["warning nofailover-standby apache.balancers.0.noFailover"]);
  });
  it("shutdown-port-disabled: shutdownPort -1", () => {
    expect(withChange((d) => (d.tomcats[1].shutdownPort = -1))).toEqual(["warning shutdown-port-disabled tomcats.1.shutdownPort"]);
  });
  it("cluster-unused: a receiver no replicated balancer needs", () => {
    expect(withChange((d) => (d.tomcats[0].cluster = { port: 4000 }))).toEqual(["warning cluster-unused tomcats.0.cluster"]);
  });
  it("cluster-distributable: a replicated balancer reminds of <distributable/>", () => {
    expect(
      withChange((d) => {
        d.tomcats[0].cluster = { port: 4000 };
        d.tomcats[1].cluster = { port: 4000, address: "10.0.0.12" };
        d.tomcats[1].host = "10.0.0.12";
        d.tomcats[1].ajp.address = "10.0.0.12";
        d.apache.balancers[0].sessions = "replicated";
      }),
    ).toEqual(["error cluster-receiver-unreachable tomcats.0.cluster", "warning cluster-distributable apache.balancers.0.sessions"]);
  });
  it("a valid replicated topology passes every replication rule and only reminds of <distributable/>", () => {
    expect(validateData(load("replicated")).findings.map((f) => `${f.severity} ${f.code} ${f.path.join(".")}`)).toEqual(["warning cluster-distributable apache.balancers.0.sessions"]);
  });
  it("warnings do not make a topology invalid", () => {
    const data = load("12cd");
    data.tomcats[1].shutdownPort = -1;
    expect(validateData(data).topology).toBeDefined();
  });
  it("every rule is listed once", () => {
    const names = [...RULES, ...ADVICE].map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("rules that cross fields", () => {
  it("port-collision ignores Tomcats on different machines", () => {
    expect(withChange((d) => (d.tomcats[1].shutdownPort = 8005))).toEqual([]);
  });
  it("port-collision: 127.0.0.2 and localhost are the same machine", () => {
    expect(
      withChange((d) => {
        d.tomcats[1].host = "127.0.0.2";
        d.tomcats[1].ajp.address = "127.0.0.2";
        d.tomcats[1].shutdownPort = 8006;
      }),
    ).toEqual(["error port-collision tomcats.1.ajp.port"]);
  });
  it("jvmroute-duplicate: a defaulted jvmRoute (the name) collides too", () => {
    expect(
      withChange((d) => {
        delete d.tomcats[0].jvmRoute;
        d.tomcats[1].jvmRoute = "web";
      }),
    ).toEqual(["error jvmroute-duplicate tomcats.1.jvmRoute"]);
  });
  it("mount-slash-mismatch allows backendPath / under a mount without a slash", () => {
    expect(
      withChange((d) => {
        d.apache.balancers[0].mount = "/app";
        d.apache.balancers[0].backendPath = "/";
      }),
    ).toEqual([]);
  });
  it("value-unsafe-character: a secret's value is never quoted in the message", () => {
    const data = load("12cd");
    data.tomcats[0].ajp.secret = 'abcdefghijklmnop"qrs';
    const messages = validateData(data).findings.map((f) => f.message).join("\n");
    expect(messages).not.toContain("abcdefghijklmnop");
  });
});

describe("network facts", () => {
  it.each([
    ["localhost", true],
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["::1", true],
    ["[::1]", true],
    ["10.0.0.1", false],
    ["128.0.0.1", false],
    ["dbserver", false],
  ])("isLoopback(%s) = %s", (host, expected) => expect(isLoopback(host)).toBe(expected));

  it("one machine key for every loopback spelling", () => {
    expect(new Set(["localhost", "127.0.0.1", "::1", "127.0.0.9"].map(machineKey)).size).toBe(1);
  });

  it.each([
    ["127.0.0.1", true],
    ["::1", true],
    ["10.1", true],
    ["10.0.0.0/8", true],
    ["2001:db8::/32", true],
    ["10.0.0.0/33", false],
    ["all", false],
    ["granted", false],
    ["10.0.0.1 all", false],
  ])("Require ip accepts %s: %s", (value, expected) => expect(isRequireIpArgument(value)).toBe(expected));
});
