// Acceptance of every golden fixture on the real servers:
// (a) `apache2 -t` accepts the include exactly as rendered, with a minimal main config that loads only
//     the modules the include's `# Needs modules:` line names (plus an MPM, without which httpd cannot run);
// (b) every server.xml cfggen renders starts Tomcat 10.1 with all its connectors up, and httpd with the
//     include routes every mount to a Tomcat. For (b) the topology is copied with its Tomcats moved to
//     loopback addresses and free high ports; the test first shows that the copy renders the very same
//     files but for those values.
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, fixtureNames, runCli } from "../support/fixtures.js";
import { get } from "./support/client.js";
import { prepareDeployment, secretValues, startDeployment, stopDeployment, workspace } from "./support/deployment.js";
import { configTest, MPM, neededModules } from "./support/httpd.js";
import { includeMappedBack, serverXmlWithoutSockets } from "./support/loopback-copy.js";
import { freePorts } from "./support/ports.js";
import { stopAll } from "./support/processes.js";
import { firstChoiceRoutes, topologyFacts } from "./support/topology-facts.js";

const REQUESTS_PER_MOUNT = 6;

describe.each(fixtureNames("valid"))("fixture %s on the real servers", (name) => {
  const scratch = workspace(`cfggen-e2e-${name}-`);
  const original = () => join(scratch.dir, "original");
  const topologyText = readFileSync(join(FIXTURES, "valid", name, "topology.yaml"), "utf8");
  const facts = topologyFacts(topologyText);

  beforeAll(() => {
    mkdirSync(original());
    cpSync(join(FIXTURES, "valid", name, "topology.yaml"), join(original(), "topology.yaml"));
    const rendered = runCli(["render", join(original(), "topology.yaml")]);
    expect(rendered.status, rendered.stderr).toBe(0);
  });

  afterAll(async () => {
    await stopAll();
    scratch.remove();
  });

  it("apache2 -t accepts the rendered include with only the modules its '# Needs modules:' line names", async () => {
    const includePath = join(original(), facts.include);
    const include = readFileSync(includePath, "utf8");
    const modules = neededModules(include);
    const env = secretValues([...include.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!));
    const [port] = await freePorts(1);
    for (const context of ["server", "virtualhost"] as const) {
      const result = configTest({ serverRoot: join(scratch.dir, "apache-t"), port: port!, modules: [MPM, ...modules], include: includePath, context }, env);
      expect({ context, ...result }).toEqual({ context, status: 0, output: "Syntax OK" });
    }
    // The same check without those modules fails: apache2 -t really read the include.
    const bare = configTest({ serverRoot: join(scratch.dir, "apache-t"), port: port!, modules: [MPM], include: includePath }, env);
    expect(bare.status).not.toBe(0);
    console.log(`[e2e] ${name}: apache2 -t: Syntax OK at server level and in a <VirtualHost>, modules: ${modules.join(" ")}`);
  });

  it("starts every rendered server.xml on Tomcat 10.1 with its connectors up, and httpd routes every mount", async () => {
    const deployment = await prepareDeployment(topologyText, join(scratch.dir, "loopback"));
    // The copy renders the original's files but for ports and addresses.
    for (const t of facts.tomcats) {
      const copyXml = readFileSync(join(deployment.dir, t.serverXml), "utf8");
      const originalXml = readFileSync(join(original(), t.serverXml), "utf8");
      expect(serverXmlWithoutSockets(copyXml, deployment.copy.originalPorts), t.serverXml).toBe(serverXmlWithoutSockets(originalXml));
    }
    expect(includeMappedBack(readFileSync(deployment.includePath, "utf8"), deployment.copy)).toBe(readFileSync(join(original(), facts.include), "utf8"));

    await startDeployment(deployment);
    const connectors: string[] = [];
    for (const tomcat of deployment.tomcats.values()) {
      expect(await tomcat.connectorsUp(), tomcat.name).toBe(true);
      expect(tomcat.log(), tomcat.name).not.toMatch(/SEVERE/);
      connectors.push(...tomcat.endpoints.map((e) => `${tomcat.name}:${e.kind}`));
    }

    const routed: string[] = [];
    for (const balancer of deployment.facts.balancers) {
      const expected = firstChoiceRoutes(balancer);
      for (const mount of balancer.mounts) {
        const replies = [];
        for (let i = 0; i < REQUESTS_PER_MOUNT; i++) replies.push(await get(deployment.httpd.url(mount)));
        for (const reply of replies) {
          expect({ mount, status: reply.status }).toEqual({ mount, status: 200 });
          expect(expected, `${mount} served by ${reply.route}`).toContain(reply.route);
        }
        routed.push(`${mount} -> ${[...new Set(replies.map((r) => r.route))].join("+")}`);
      }
    }
    if (deployment.facts.managerPath) {
      const page = await get(deployment.httpd.url(deployment.facts.managerPath));
      expect(page.status).toBe(200);
      expect(page.body).toContain("Load Balancer Manager");
      routed.push(`${deployment.facts.managerPath} -> balancer-manager`);
    }
    expect(deployment.httpd.errorLog()).not.toMatch(/\[(error|crit|alert|emerg)\]/);

    const stillListening = await stopDeployment(deployment);
    expect(stillListening).toEqual([]);
    console.log(
      `[e2e] ${name}: ${deployment.tomcats.size} Tomcat 10.1 up from the rendered server.xml, connectors seen up: ${connectors.join(", ")}; ` +
        `through httpd, ${REQUESTS_PER_MOUNT} requests per mount, all 200: ${routed.join(", ")}; all stopped, nothing listening`,
    );
  });
});
