// The 12cd layout on separate hosts, built on this machine from Linux network namespaces (netns.ts):
// `web` runs httpd and the primary Tomcat (webjack), `db` the hot standby (dbjack) on its own address,
// `outsider` no server. The files are fixtures/valid/two-hosts rendered by cfggen as a user would, with
// the hosts' real addresses. The checks run in order on one deployment: sticky sessions, the idle standby,
// the AJP security rules seen from the outsider, a rolling redeploy under load, standby takeover, and what
// the ajp-loopback-unreachable rule prevents. The hosts are removed afterwards, even when a check fails.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readTopologyFile } from "../../src/load/read.js";
import { parseModel } from "../../src/model/parse.js";
import { renderTargets } from "../../src/render/index.js";
import { FIXTURES, readTree, runCli } from "../support/fixtures.js";
import { MANAGER_PATH } from "./support/balancer-manager.js";
import type { Reply } from "./support/client.js";
import { secretValues, workspace } from "./support/deployment.js";
import { BASE_MODULES, HttpdInstance, neededModules } from "./support/httpd.js";
import type { Visit } from "./support/namespace-agent.js";
import { TestNetwork, type NetworkNamespace } from "./support/netns.js";
import { waitFor } from "./support/ports.js";
import { runningPids, stopAll } from "./support/processes.js";
import { ROLLING_REDEPLOY_LOAD, expectNoFailedRequest, restartPrimaryThenStandby } from "./support/rolling-redeploy.js";
import { TomcatInstance } from "./support/tomcat.js";
import { topologyFacts } from "./support/topology-facts.js";

const FIXTURE = join(FIXTURES, "valid", "two-hosts");
/** The bridge's /24; the fixture names the db host by its address here. */
const HOSTS = [
  { name: "web", address: "10.231.0.2" },
  { name: "db", address: "10.231.0.3" },
  { name: "outsider", address: "10.231.0.4" },
];
/** httpd's port on the web host's loopback: the web host has a port space of its own. */
const HTTP_PORT = 8080;
const AJP_PORT = 8777;

function tally(replies: Reply[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of replies) counts[`${r.status} ${r.route ?? "-"}`] = (counts[`${r.status} ${r.route ?? "-"}`] ?? 0) + 1;
  return counts;
}

const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const times = (n: number, visits: Visit[]): Visit[] => Array.from({ length: n }, () => visits).flat();

describe("two hosts (network namespaces web, db, outsider): fixtures/valid/two-hosts on httpd 2.4 + Tomcat 10.1", () => {
  const scratch = workspace("cfggen-e2e-two-hosts-");
  const rendered = () => join(scratch.dir, "rendered");
  let network: TestNetwork | undefined;
  /** Why the hosts could not be built, in one line: every check then fails with it (never skipped). */
  let noHosts: string | undefined;
  let web: NetworkNamespace;
  let db: NetworkNamespace;
  let outsider: NetworkNamespace;
  let primary: TomcatInstance;
  let standby: TomcatInstance;
  /** The standby rendered with its AJP address at loopback, started by the last check. */
  let loopbackStandby: TomcatInstance | undefined;
  let httpd: HttpdInstance;
  let env: Record<string, string>;
  let url: string;

  beforeAll(async () => {
    try {
      network = TestNetwork.create(HOSTS, scratch.dir);
    } catch (error) {
      noHosts = (error as Error).message;
      console.log(`[e2e] two hosts: ${noHosts}`);
      return;
    }
    if (network.leftoversRemoved.length > 0) console.log(`[e2e] two hosts: removed what a killed run left: ${network.leftoversRemoved.join(", ")}`);
    web = network.host("web");
    db = network.host("db");
    outsider = network.host("outsider");

    // Exactly what a user does: the topology file, `cfggen render`, the files where it writes them.
    mkdirSync(rendered(), { recursive: true });
    cpSync(join(FIXTURE, "topology.yaml"), join(rendered(), "topology.yaml"));
    const render = runCli(["render", join(rendered(), "topology.yaml")]);
    expect(render.status, render.stderr).toBe(0);
    const facts = topologyFacts(readFileSync(join(rendered(), "topology.yaml"), "utf8"));
    const tomcat = (name: string, namespace: NetworkNamespace) => {
      const serverXml = join(rendered(), facts.tomcats.find((t) => t.name === name)!.serverXml);
      return new TomcatInstance({ name, serverXml, catalinaProperties: join(dirname(serverXml), "catalina.properties"), base: join(scratch.dir, "catalina-base", name), namespace });
    };
    primary = tomcat("web", web);
    standby = tomcat("db", db);
    const include = join(rendered(), facts.include);
    httpd = new HttpdInstance(join(scratch.dir, "httpd"), HTTP_PORT, include, [...BASE_MODULES, ...neededModules(readFileSync(include, "utf8"))], web);
    url = httpd.url("/");

    env = secretValues(facts.secretEnvs);
    primary.env = { ...env };
    standby.env = { ...env };
    await Promise.all([primary.start(), standby.start()]);
    await httpd.start(env);
  });

  beforeEach(() => {
    if (noHosts !== undefined) throw new Error(noHosts);
  });

  afterAll(async () => {
    await stopAll();
    const left = network?.remove() ?? [];
    scratch.remove();
    expect(left, "network namespaces left behind").toEqual([]);
  });

  it("cfggen renders the committed files, with the db host's real address on both sides", () => {
    const files = readTree(rendered());
    files.delete("topology.yaml");
    const expected = readTree(join(FIXTURE, "expected"));
    expect([...files.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, content] of expected) expect(files.get(path), path).toBe(content);
    const include = files.get("apache/cfggen-balancer.conf")!;
    expect(include).toContain(`BalancerMember "ajp://127.0.0.1:${AJP_PORT}" route=webjack`);
    expect(include).toMatch(new RegExp(`BalancerMember "ajp://${literally(db.address)}:${AJP_PORT}" route=dbjack .*status=\\+H`));
    expect(files.get("tomcat/db/conf/server.xml")).toContain(`<Connector protocol="AJP/1.3" address="${db.address}" port="${AJP_PORT}" secret="\${AJP_SECRET:-}"`);
    expect(files.get("tomcat/web/conf/server.xml")).toContain(`<Connector protocol="AJP/1.3" address="127.0.0.1" port="${AJP_PORT}" secret="\${AJP_SECRET:-}"`);
    // Nothing leaves the hosts: one interface on the test's bridge, no route but its /24.
    for (const host of [web, db, outsider]) {
      const { links, routes } = host.network();
      expect(links.sort(), host.host).toEqual(["eth0", "lo"]);
      expect(routes, host.host).toEqual([expect.stringMatching(/^10\.231\.0\.0\/24 dev eth0 /)]);
    }
    console.log(
      `[e2e] two hosts: ${files.size} files rendered as committed; hosts web ${web.address} (httpd 127.0.0.1:${HTTP_PORT}, webjack AJP 127.0.0.1:${AJP_PORT}), ` +
        `db ${db.address} (dbjack AJP ${db.address}:${AJP_PORT}), outsider ${outsider.address} (no server); each host: lo + eth0 on the test's bridge, one route (10.231.0.0/24), no default route`,
    );
  });

  it("sticky: a browser on the web host stays on webjack, its session counter going up by one", async () => {
    const { replies } = await web.visits(url, times(20, ["browser"]));
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(replies.map((r) => r.session)).size).toBe(1);
    expect(replies.map((r) => r.route)).toEqual(Array(20).fill("webjack"));
    expect(replies.map((r) => r.count)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    console.log(`[e2e] two hosts sticky: 20 requests from the web host, 20 x 200 on webjack, one session, counter 1..20`);
  });

  it("hot standby: while the primary is up, the standby on the db host serves no request", async () => {
    const { replies } = await web.visits(url, times(20, ["new", "browser"]));
    expect(tally(replies)).toEqual({ "200 webjack": 40 });
    console.log(`[e2e] two hosts standby idle: 40 requests (20 new visitors, 20 from one browser): ${JSON.stringify(tally(replies))}`);
  });

  it("from the outsider, an AJP request to the db Tomcat without the secret (or with a wrong one) is refused; with it, served", async () => {
    const target = { host: db.address, port: AJP_PORT, path: "/" };
    const without = await outsider.ajpGet(target);
    const wrong = await outsider.ajpGet({ ...target, secret: secretValues(["WRONG"]).WRONG });
    const right = await outsider.ajpGet({ ...target, secret: env.AJP_SECRET });
    const cpong = await outsider.cping(db.address, AJP_PORT);
    const outcome = (r: typeof without) => (r.status !== undefined ? `status ${r.status}` : r.closed ? "closed" : `error ${r.error}`);
    console.log(
      `[e2e] two hosts outsider -> db ${db.address}:${AJP_PORT}: AJP forward request without secret: ${outcome(without)}, ` +
        `wrong secret: ${outcome(wrong)}, right secret: ${outcome(right)} (${right.body.match(/route=\S+/)?.[0]}); CPING answered without a secret: ${cpong}`,
    );
    for (const refused of [without, wrong]) {
      // Tomcat's 403, or a connection closed before any response: never a page.
      expect(refused.status === 403 || (refused.status === undefined && refused.closed), outcome(refused)).toBe(true);
      expect(refused.body).not.toMatch(/route=/);
    }
    // The same request with the secret is a real, served request: the refusals above are the secret's doing.
    expect(right.status).toBe(200);
    expect(right.body).toMatch(/route=dbjack /);
    expect(cpong).toBe(true);
  });

  it("from the outsider, the primary's AJP port (bound to the web host's loopback) is not reachable at all", async () => {
    const fromOutsider = await outsider.ajpGet({ host: web.address, port: AJP_PORT, path: "/" });
    const cpongOutside = await outsider.cping(web.address, AJP_PORT);
    const cpongOnWeb = await web.cping("127.0.0.1", AJP_PORT);
    console.log(
      `[e2e] two hosts outsider -> web ${web.address}:${AJP_PORT}: AJP forward request: ${fromOutsider.error ?? `status ${fromOutsider.status}`}, ` +
        `CPING answered: ${cpongOutside}; on the web host itself, 127.0.0.1:${AJP_PORT} answers CPING: ${cpongOnWeb}`,
    );
    // Refused: the web host answered (the bridge works) and nothing listens on its network address.
    expect(fromOutsider).toMatchObject({ error: "ECONNREFUSED", body: "" });
    expect(fromOutsider.status).toBeUndefined();
    expect(cpongOutside).toBe(false);
    expect(cpongOnWeb).toBe(true);
  });

  it("rolling redeploy under 20 requests/s for 30 s from the web host: restart the primary, then the standby: no failed request", async () => {
    const members = web.balancerManager(httpd.url(MANAGER_PATH));
    const report = await web.load({ url, ...ROLLING_REDEPLOY_LOAD }, () => restartPrimaryThenStandby(members, primary, standby));
    expectNoFailedRequest("two hosts", report, httpd);
  });

  it("standby takeover: stop the primary, and every new request is served by the standby on the db host", async () => {
    const before = await web.visits(url, ["browser"]);
    expect(before.replies[0]?.route).toBe("webjack");
    await primary.stop();
    const { replies } = await web.visits(url, times(20, ["new", "browser"]), before.cookie);
    expect(tally(replies)).toEqual({ "200 dbjack": 40 });
    console.log(`[e2e] two hosts primary stopped: 40 requests (20 new visitors, 20 from a browser that was on webjack): ${JSON.stringify(tally(replies))}`);
  });

  it("the db AJP address left at loopback: cfggen validate rejects it; rendered anyway, failover ends in 503", async () => {
    // The same topology without the db connector's address line: Tomcat's default, loopback.
    const topologyText = readFileSync(join(FIXTURE, "topology.yaml"), "utf8");
    const addressLine = new RegExp(`^ +address: ${literally(db.address)}\\b.*\\n`, "m");
    const variantText = topologyText.replace(addressLine, "");
    expect(variantText.split("\n").length).toBe(topologyText.split("\n").length - 1);
    const variantDir = join(scratch.dir, "loopback-variant");
    mkdirSync(variantDir, { recursive: true });
    const variant = join(variantDir, "topology.yaml");
    writeFileSync(variant, variantText);

    const validate = runCli(["validate", variant]);
    expect(validate.status).toBe(2);
    // One diagnostic, at the db Tomcat's `ajp:` key (the first one after `- name: db`).
    const lines = variantText.split("\n");
    const dbAjpLine = lines.findIndex((line, i) => i > lines.findIndex((l) => /- name: db$/.test(l)) && /^ +ajp:/.test(line)) + 1;
    const diagnostic = `${variant}:${dbAjpLine}:5: error ajp-loopback-unreachable: Tomcat "db" is reached at ${db.address}, but its AJP connector listens on loopback (127.0.0.1)`;
    expect(validate.stderr.trim().split("\n")).toEqual([expect.stringContaining(diagnostic)]);
    const render = runCli(["render", variant]);
    expect(render.status).toBe(2);

    // "Rendered by hand anyway": cfggen's own stages with validation left out, i.e. the very files cfggen
    // would write without the rule. The same stages on the valid topology give the committed files, and the
    // variant's db server.xml differs from them in the connector's address only.
    const stageFiles = (file: string) => {
      const { topology } = parseModel(readTopologyFile(file).data);
      return new Map(renderTargets(topology!, "topology.yaml").map((t) => [t.path, t.kind === "include" ? t.content : t.fresh]));
    };
    const valid = stageFiles(join(rendered(), "topology.yaml"));
    for (const [path, content] of valid) expect(content, path).toBe(readFileSync(join(rendered(), path), "utf8"));
    const unchecked = stageFiles(variant);
    const dbXml = "tomcat/db/conf/server.xml";
    expect(unchecked.get(dbXml)).toBe(valid.get(dbXml)!.replace(`address="${db.address}"`, 'address="127.0.0.1"'));
    for (const [path, content] of unchecked) {
      if (path !== dbXml) expect(content, path).toBe(valid.get(path));
      mkdirSync(dirname(join(variantDir, path)), { recursive: true });
      writeFileSync(join(variantDir, path), content);
    }

    // The db host now runs that standby; the primary comes back.
    await standby.stop();
    loopbackStandby = new TomcatInstance({
      name: "db-loopback",
      serverXml: join(variantDir, dbXml),
      catalinaProperties: join(variantDir, "tomcat/db/conf/catalina.properties"),
      base: join(scratch.dir, "catalina-base", "db-loopback"),
      namespace: db,
      env: { ...env },
    });
    await loopbackStandby.start(); // its connectors are probed on the db host itself: it is up there
    await primary.start();
    const onDbItself = await db.cping("127.0.0.1", AJP_PORT);
    const fromWeb = await web.cping(db.address, AJP_PORT);
    expect(loopbackStandby.log()).toMatch(/Server startup in/);
    expect(onDbItself).toBe(true);
    expect(fromWeb).toBe(false);

    // Invisible while the primary is up...
    expect(await waitFor(async () => (await web.visits(url, ["new"])).replies[0]?.route === "webjack", 10_000, 250)).toBe(true);
    const up = (await web.visits(url, times(10, ["new", "browser"]))).replies;
    expect(tally(up)).toEqual({ "200 webjack": 20 });
    // ...and once it stops, nobody is served.
    const errorLogBefore = httpd.errorLog().length;
    await primary.stop();
    const down = (await web.visits(url, times(10, ["new", "browser"]))).replies;
    expect(tally(down)).toEqual({ "503 -": 20 });
    const newErrors = httpd.errorLog().slice(errorLogBefore);
    const refused = new RegExp(`AH00957: .*\\(${literally(db.address)}:${AJP_PORT}\\) failed`);
    expect(newErrors).toMatch(refused);
    console.log(
      `[e2e] two hosts, db AJP address left at loopback: cfggen validate exit ${validate.status} ("topology.yaml:${dbAjpLine}:5: error ajp-loopback-unreachable"), render exit ${render.status}; ` +
        `rendered anyway (render stage without validation: the db server.xml differs only by address="127.0.0.1"): ` +
        `db Tomcat up, CPING on its own loopback ${onDbItself}, from the web host ${fromWeb}; primary up: ${JSON.stringify(tally(up))}; primary stopped: ${JSON.stringify(tally(down))}; httpd: "${newErrors.match(refused)?.[0]}"`,
    );
  });

  it("stops every process it started, by pid, and leaves nothing listening on any host", async () => {
    await httpd.stop();
    await Promise.all([primary, standby, loopbackStandby].map((t) => t?.stop()));
    expect(runningPids()).toEqual([]);
    const sockets: [NetworkNamespace, string, number][] = [
      [web, "127.0.0.1", HTTP_PORT],
      [web, "127.0.0.1", AJP_PORT],
      [web, "127.0.0.1", 8005],
      [db, db.address, AJP_PORT],
      [db, "127.0.0.1", AJP_PORT],
      [db, "127.0.0.1", 8005],
    ];
    const open = [];
    for (const [host, address, port] of sockets) if (await host.isListening(address, port)) open.push(`${host.host} ${address}:${port}`);
    expect(open).toEqual([]);
    console.log(`[e2e] two hosts: every server stopped by pid, ${sockets.length} sockets checked on the hosts, none listening`);
  });
});
