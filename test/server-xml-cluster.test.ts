// Session replication in an existing server.xml: with sessions: replicated cfggen owns the Engine's
// whole <Cluster> (inserted when missing, replaced when it differs in any byte, refused when there
// are two); without, a Cluster is the user's. And on the command line: a hand edit inside the
// managed Cluster is drift, and render puts it back.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parseModel } from "../src/model/parse.js";
import { patchServerXml } from "../src/output/server-xml-patch.js";
import { childrenNamed, scanXml } from "../src/output/xml-scan.js";
import { clustersByTomcat, renderClusterElement } from "../src/render/cluster.js";
import { managedServerXml, type ManagedServerXml } from "../src/render/server-xml.js";
import { FIXTURES, runCli, stageFixture } from "./support/fixtures.js";
import { changedLines, managedFor, stockServerXml } from "./support/server-xml.js";

const CONTEXT = { file: "tc/conf/server.xml", modelPath: ["tomcats", 0, "serverXml"] };

/** What cfggen manages for the primary of fixtures/valid/replicated (a two-member session cluster). */
function replicatedPrimary(): ManagedServerXml {
  const { topology } = parseModel(parse(readFileSync(join(FIXTURES, "valid", "replicated", "topology.yaml"), "utf8")));
  if (!topology) throw new Error("fixtures/valid/replicated is invalid");
  const web = topology.tomcats.find((t) => t.name === "web")!;
  return managedServerXml(web, clustersByTomcat(topology).get(web.name));
}

const MANAGED = replicatedPrimary();
const CLUSTER = MANAGED.cluster!;

function patched(text: string, managed: ManagedServerXml = MANAGED): string {
  const result = patchServerXml(text, managed, CONTEXT);
  if ("refused" in result) throw new Error(`refused: ${result.refused.map((f) => f.message).join("; ")}`);
  return result.patched;
}

/** A small server.xml whose Engine (already carrying cfggen's jvmRoute) holds `engineBody`; the AJP connector is in place. */
function serverXml(engineBody: string, eol = "\n"): string {
  return [
    `<Server port="8005" shutdown="SHUTDOWN">`,
    `  <Service name="Catalina">`,
    `    <Connector protocol="AJP/1.3" address="127.0.0.1" port="8009" secret="\${AJP_SECRET:-}" bindOnInit="false" />`,
    `    <Engine name="Catalina" defaultHost="localhost" jvmRoute="webjack">`,
    ...engineBody.split("\n"),
    `    </Engine>`,
    `  </Service>`,
    `</Server>`,
    ``,
  ].join(eol);
}

const HOST = `      <Host name="localhost" appBase="webapps" />`;

describe("the cluster cfggen renders", () => {
  it("lists every member, this Tomcat included, and puts the receiver on this Tomcat's address and port", () => {
    expect(CLUSTER).toEqual({
      receiver: { address: "127.0.0.1", port: 4000 },
      members: [
        { host: "127.0.0.1", port: 4000 },
        { host: "127.0.0.1", port: 4001 },
      ],
    });
    const element = renderClusterElement(CLUSTER, "  ", "\n");
    expect(element.match(/<Member /g)).toHaveLength(2);
    expect(element).toContain('<Receiver className="org.apache.catalina.tribes.transport.nio.NioReceiver" address="127.0.0.1" port="4000" />');
    // Declaring one valve drops both defaults: both are written.
    expect(element).toContain("org.apache.catalina.ha.session.JvmRouteBinderValve");
    expect(element).toContain("org.apache.catalina.ha.tcp.ReplicationValve");
    expect(element).toContain('channelSendOptions="6"');
  });

  it("is not managed for a Tomcat of a sticky balancer", () => {
    expect(managedFor({ jvmRoute: "webjack", ajp: { port: 8009 }, cluster: { port: 4000 } }).cluster).toBeUndefined();
  });
});

describe("inserting the Cluster", () => {
  it("in the stock server.xml: before the Engine's first child element and the comment about it, at its indentation, nothing else moved", () => {
    const stock = stockServerXml();
    const result = patched(stock);
    const element = renderClusterElement(CLUSTER, "      ", "\n");
    // Right below the stock file's commented-out Cluster sample, above the LockOutRealm's comment.
    expect(result).toContain(`      <Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster"/>\n      -->\n\n      ${element}\n      <!-- Use the LockOutRealm`);
    const { added, removed } = changedLines(stock, result);
    const clusterLines = `      ${element}\n`.split(/(?<=\n)/);
    expect(added.filter((l) => !clusterLines.includes(l))).toEqual([
      '<Server port="8005" shutdown="SHUTDOWN">\n',
      `    <Connector protocol="AJP/1.3" address="127.0.0.1" port="8009" secret="\${AJP_SECRET:-}" bindOnInit="false" />\n`,
      '    <Engine name="Catalina" defaultHost="localhost" jvmRoute="webjack">\n',
    ]);
    expect(added.filter((l) => clusterLines.includes(l))).toEqual(clusterLines);
    expect(removed).toEqual(['<Server port="-1" shutdown="SHUTDOWN">\n', '    <Engine name="Catalina" defaultHost="localhost">\n']);
    // The stock file's commented-out Cluster is not a live one and stays as it is.
    expect(result).toContain('<!--\n      <Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster"/>\n      -->');
  });

  it("in a CRLF file indented with tabs: the file's line break and the child's indentation", () => {
    const text = serverXml(`\t\t<Host name="localhost" appBase="webapps" />`, "\r\n");
    const result = patched(text);
    expect(changedLines(text, result).removed).toEqual([]);
    expect(result).toContain(`\t\t${renderClusterElement(CLUSTER, "\t\t", "\r\n")}\r\n\t\t<Host `);
    expect(result.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("above every comment line right over the first child, below a blank line", () => {
    const text = serverXml(`      <!-- not about the Host -->\n\n      <!-- about the Host -->\n      <!--\n        also about it\n      -->\n${HOST}`);
    expect(patched(text)).toBe(serverXml(`      <!-- not about the Host -->\n\n      ${renderClusterElement(CLUSTER, "      ", "\n")}\n      <!-- about the Host -->\n      <!--\n        also about it\n      -->\n${HOST}`));
  });

  it.each([
    ["a self-closing Engine", `<Server port="8005"><Service name="S"><Engine name="E" jvmRoute="webjack"/></Service></Server>`],
    ["an empty Engine", `<Server port="8005">\n  <Service name="S">\n    <Engine name="E" jvmRoute="webjack"></Engine>\n  </Service>\n</Server>\n`],
    ["an Engine whose child shares its line", `<Server port="8005">\n  <Service name="S">\n    <Engine name="E" jvmRoute="webjack"><Host name="h"/></Engine>\n  </Service>\n</Server>\n`],
  ])("into %s, as the Engine's first child, well-formed", (_what, text) => {
    const managed: ManagedServerXml = { serverPort: "8005", jvmRoute: "webjack", cluster: CLUSTER };
    const result = patched(text, managed);
    const scan = scanXml(result);
    if (!("root" in scan)) throw new Error(`not well-formed:\n${result}`);
    const engine = childrenNamed(childrenNamed(scan.root, "Service")[0]!, "Engine")[0]!;
    expect(engine.children[0]?.name).toBe("Cluster");
    expect(childrenNamed(engine, "Cluster")).toHaveLength(1);
    expect(patched(result, managed)).toBe(result);
  });
});

describe("replacing the Cluster", () => {
  const current = (indent: string) => `${indent}${renderClusterElement(CLUSTER, indent, "\n")}`;

  it("leaves a Cluster equal to what cfggen renders as it is", () => {
    const text = serverXml(`${current("      ")}\n${HOST}`);
    expect(patched(text)).toBe(text);
  });

  it.each([
    ["a changed member port", (c: string) => c.replace('port="4001"', 'port="4002"')],
    ["a comment inside", (c: string) => c.replace("<Channel ", "<!-- tuned by hand -->\n        <Channel ")],
    ["a removed valve", (c: string) => c.replace(/\n\s*<Valve className="org.apache.catalina.ha.tcp.ReplicationValve"[^>]*>/, "")],
    ["the default element of the docs", () => `      <Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster"/>`],
  ])("replaces the whole element after %s, in the live element's indentation; every other byte stays", (_what, edit) => {
    const edited = serverXml(`${edit(current("      "))}\n${HOST}`);
    expect(edited).not.toBe(serverXml(`${current("      ")}\n${HOST}`));
    expect(patched(edited)).toBe(serverXml(`${current("      ")}\n${HOST}`));
  });

  it("keeps a Cluster's own indentation when it differs from cfggen's", () => {
    const text = serverXml(`  <Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster"/>\n${HOST}`);
    expect(patched(text)).toBe(serverXml(`${current("  ")}\n${HOST}`));
  });

  it("leaves a Cluster inside a Host alone and adds the Engine's own", () => {
    const hostCluster = `      <Host name="localhost" appBase="webapps">\n        <Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster"/>\n      </Host>`;
    const result = patched(serverXml(hostCluster));
    expect(result).toBe(serverXml(`${current("      ")}\n${hostCluster}`));
  });
});

describe("idempotence", () => {
  it("patching the result again changes nothing", () => {
    const inputs = [
      stockServerXml(),
      serverXml(HOST),
      serverXml(`      <Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster" channelSendOptions="8">\n        <Channel className="org.apache.catalina.tribes.group.GroupChannel"/>\n      </Cluster>\n${HOST}`),
      serverXml(HOST, "\r\n"),
    ];
    for (const input of inputs) {
      const once = patched(input);
      expect(once).not.toBe(input);
      expect(patched(once)).toBe(once);
    }
  });
});

describe("two live Clusters in the Engine", () => {
  const two = serverXml(`      <Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster"/>\n      <!-- <Cluster className="x"/> -->\n      <Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster"/>\n${HOST}`);

  it("are refused with replication, at the second one's line, naming both", () => {
    const result = patchServerXml(two, MANAGED, CONTEXT);
    if (!("refused" in result)) throw new Error("expected a refusal");
    expect(result.refused.map((f) => [f.code, f.location?.line, f.location?.col])).toEqual([["server-xml-ambiguous-cluster", 7, 7]]);
    expect(result.refused[0]!.message).toContain("2 live <Cluster> elements in the Engine (lines 5, 7)");
  });

  it("are the user's business without replication: copied through as they are", () => {
    const sticky: ManagedServerXml = { ...MANAGED, cluster: undefined };
    expect(patched(two, sticky)).toBe(two);
  });
});

describe("check, diff and render on a replicated topology", () => {
  it("a hand edit inside the managed Cluster is drift, and render puts the element back", () => {
    const topology = stageFixture("replicated");
    const dir = join(topology, "..");
    expect(runCli(["render", topology]).status).toBe(0);
    const path = join(dir, "tomcat/web/conf/server.xml");
    const rendered = readFileSync(path, "utf8");
    writeFileSync(path, rendered.replace('host="127.0.0.1" port="4001"', 'host="127.0.0.1" port="4009"'));
    const check = runCli(["check", topology]);
    expect(check.status).toBe(1);
    expect(check.stdout.split("\n").filter((l) => /^[-+][^-+]/.test(l))).toEqual([
      '-            <Member className="org.apache.catalina.tribes.membership.StaticMember" host="127.0.0.1" port="4009" />',
      '+            <Member className="org.apache.catalina.tribes.membership.StaticMember" host="127.0.0.1" port="4001" />',
    ]);
    expect(runCli(["render", topology]).status).toBe(0);
    expect(readFileSync(path, "utf8")).toBe(rendered);
    expect(runCli(["check", topology])).toMatchObject({ status: 0, stdout: "" });
  });

  it("a connector cfggen leaves alone on a cluster receiver's port of the same machine is a port collision", () => {
    const topology = stageFixture("replicated");
    const path = join(topology, "..", "tomcat/web/conf/server.xml");
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, serverXml(HOST).replace("    <Engine ", '    <Connector port="4001" SSLEnabled="true" />\n    <Engine '));
    const render = runCli(["render", topology]);
    expect(render.status).toBe(2);
    expect(render.stderr).toMatch(/server\.xml:4:\d+: error server-xml-port-collision: this HTTPS connector, which cfggen leaves as it is, listens on port 4001, also used by the cluster receiver of Tomcat "db"/);
  });

  it("switching to sessions: sticky leaves the Cluster in place, as the user's", () => {
    const topology = stageFixture("replicated");
    expect(runCli(["render", topology]).status).toBe(0);
    const path = join(topology, "..", "tomcat/web/conf/server.xml");
    const rendered = readFileSync(path, "utf8");
    writeFileSync(topology, readFileSync(topology, "utf8").replace("sessions: replicated", "sessions: sticky"));
    const render = runCli(["render", topology]);
    expect(render.status).toBe(0);
    expect(render.stderr).toContain("cluster-unused");
    expect(readFileSync(path, "utf8")).toBe(rendered);
  });
});
