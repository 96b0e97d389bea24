// The AJP secret by environment reference, on the real servers (fixtures/valid/12cd, moved to loopback
// high ports): the generated files hold only `${AJP_SECRET}`, httpd and Tomcat both resolve it from
// their environment, a mismatch is refused with 403, and unset on both sides nothing is served.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../support/fixtures.js";
import { cping } from "./support/ajp.js";
import { get, type Reply } from "./support/client.js";
import { prepareDeployment, secretValues, stopDeployment, workspace, type Deployment } from "./support/deployment.js";
import { runningPids, stopAll } from "./support/processes.js";
import type { TomcatInstance } from "./support/tomcat.js";

const REQUESTS = 5;

describe("AJP secret from the environment on httpd 2.4 + Tomcat 10.1", () => {
  const scratch = workspace("cfggen-e2e-secret-");
  // cfggen itself runs with the variable set: it must still write only the reference.
  const renderTimeSecret = secretValues(["AJP_SECRET"]);
  let deployment: Deployment;
  let web: TomcatInstance;
  let url: string;
  const statuses = async () => {
    const replies: Reply[] = [];
    for (let i = 0; i < REQUESTS; i++) replies.push(await get(url));
    return replies;
  };

  beforeAll(async () => {
    deployment = await prepareDeployment(readFileSync(join(FIXTURES, "valid", "12cd", "topology.yaml"), "utf8"), join(scratch.dir, "12cd"), renderTimeSecret);
    // The primary alone: the standby would only take over, and a 403 is an answer, not a failure.
    web = deployment.tomcats.get("web")!;
    url = deployment.httpd.url("/");
  });

  afterAll(async () => {
    await stopAll();
    scratch.remove();
  });

  it("the generated files hold the reference, never a value", () => {
    const include = readFileSync(deployment.includePath, "utf8");
    const serverXml = readFileSync(web.options.serverXml, "utf8");
    const properties = readFileSync(web.options.catalinaProperties!, "utf8");
    expect(include).toMatch(/ secret=\$\{AJP_SECRET\}( |$)/m);
    expect(serverXml).toContain('secret="${AJP_SECRET:-}"');
    expect(properties).toMatch(/^org\.apache\.tomcat\.util\.digester\.PROPERTY_SOURCE=org\.apache\.tomcat\.util\.digester\.EnvironmentPropertySource$/m);
    for (const text of [include, serverXml, properties]) expect(text).not.toContain(renderTimeSecret.AJP_SECRET);
  });

  it("with the same value in both environments, requests pass", async () => {
    const same = secretValues(["AJP_SECRET"]);
    web.env = same;
    await web.start();
    await deployment.httpd.start(same);
    const replies = await statuses();
    expect(replies.map((r) => `${r.status} ${r.route}`)).toEqual(Array(REQUESTS).fill("200 webjack"));
    console.log(`[e2e] secret: same value on both sides: ${REQUESTS} of ${REQUESTS} requests 200 from webjack`);
  });

  it("with different values, Tomcat refuses every request with 403", async () => {
    await deployment.httpd.restart(secretValues(["AJP_SECRET"]));
    const replies = await statuses();
    expect(replies.map((r) => r.status)).toEqual(Array(REQUESTS).fill(403));
    console.log(`[e2e] secret: httpd and Tomcat given different values: ${REQUESTS} of ${REQUESTS} requests refused with 403`);
  });

  it("unset on both sides, the AJP connector does not start and nothing is served", async () => {
    await deployment.httpd.stop();
    await web.stop();
    web.env = {};
    await web.start({ connectorsUp: false });
    await deployment.httpd.start({});
    const ajp = web.endpoints.find((e) => e.kind === "ajp")!;
    expect(await cping(ajp.host, ajp.port)).toBe(false);
    expect(web.log()).toMatch(/secretRequired="true" but the secret attribute is either null or ""/);
    const replies = await statuses();
    expect(replies.filter((r) => r.status === 200)).toEqual([]);
    console.log(`[e2e] secret: variable unset on both sides: AJP connector refused to start, ${REQUESTS} of ${REQUESTS} requests got ${[...new Set(replies.map((r) => r.status))].join("/")}`);
  });

  it("stops every process it started, by pid, and leaves nothing listening", async () => {
    expect(await stopDeployment(deployment)).toEqual([]);
    expect(runningPids()).toEqual([]);
  });
});
