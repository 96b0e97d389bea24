// The commands on existing server.xml files: drift is judged on the managed parts only; a refusal
// names the server.xml with line and column, exits 2 and writes nothing; ports of connectors
// cfggen leaves alone are checked across the Tomcats of one machine.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTree, runCli, tempDir } from "./support/fixtures.js";
import { STOCK_SERVER_XML, stockServerXml } from "./support/server-xml.js";

interface TomcatSpec {
  name: string;
  lines: string[];
}

/** A topology with the given Tomcats (YAML lines under each list item) and one AJP balancer over all of them. */
function topology(tomcats: TomcatSpec[], scheme = "ajp"): string {
  const items = tomcats.map((t) => [`  - name: ${t.name}`, ...t.lines.map((l) => `    ${l}`)].join("\n"));
  const members = tomcats.map((t) => `        - tomcat: ${t.name}`).join("\n");
  return `version: 1\ntomcats:\n${items.join("\n")}\napache:\n  file: apache/site.conf\n  balancers:\n    - name: site\n      mount: /\n      scheme: ${scheme}\n      members:\n${members}\n`;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** 1-based line of the first occurrence: the stock file's line numbers are read, not assumed. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`not found: ${needle}`);
  return text.slice(0, at).split("\n").length;
}

const HTTP_LINE = () => lineOf(stockServerXml(), '<Connector port="8080"');
const ENGINE_LINE = () => lineOf(stockServerXml(), '    <Engine name="Catalina" defaultHost="localhost">');

const WEB = { name: "web", lines: ["host: 127.0.0.1", "jvmRoute: webjack", "ajp: { port: 8009, secret: { env: AJP_SECRET } }", "serverXml: conf/server.xml"] };

describe("check and diff judge only the managed parts", () => {
  function rendered(): string {
    const dir = tempDir();
    write(dir, { "topology.yaml": topology([WEB]), "conf/server.xml": stockServerXml() });
    expect(runCli(["render", "topology.yaml"], { cwd: dir }).status).toBe(0);
    return dir;
  }

  it("a hand edit elsewhere in the file is not drift, and render keeps it", () => {
    const dir = rendered();
    const path = join(dir, "conf/server.xml");
    const edited = readFileSync(path, "utf8").replace("<Host name=\"localhost\"  appBase=\"webapps\"", "<Host name=\"localhost\"  appBase=\"/srv/apps\"").replace("</Server>", "<!-- note -->\r\n</Server>");
    writeFileSync(path, edited);
    expect(runCli(["check", "topology.yaml"], { cwd: dir })).toMatchObject({ status: 0, stdout: "", stderr: "" });
    expect(runCli(["render", "topology.yaml"], { cwd: dir }).status).toBe(0);
    expect(readFileSync(path, "utf8")).toBe(edited);
  });

  it("a hand edit to a managed attribute is drift, shown as that one line", () => {
    const dir = rendered();
    const path = join(dir, "conf/server.xml");
    writeFileSync(path, readFileSync(path, "utf8").replace('jvmRoute="webjack"', 'jvmRoute="other"'));
    const check = runCli(["check", "topology.yaml"], { cwd: dir });
    expect(check.status).toBe(1);
    expect(check.stdout.split("\n").filter((l) => /^[-+][^-+]/.test(l))).toEqual([
      '-    <Engine name="Catalina" defaultHost="localhost" jvmRoute="other">',
      '+    <Engine name="Catalina" defaultHost="localhost" jvmRoute="webjack">',
    ]);
    expect(check.stderr).toContain("1 file out of date");
  });

  it("diff never prints a credential read from the server.xml: the secret it replaces, a keystore password nearby", () => {
    const dir = tempDir();
    const xml = `<Server port="8005">\n  <Service name="Catalina">\n    <Connector port="8443" SSLEnabled="true" certificateKeystorePassword="kspass-0123456789" />\n    <Connector protocol="AJP/1.3" port="8009" secret='old-secret-0123456789' />\n    <Engine name="Catalina" defaultHost="localhost" />\n  </Service>\n</Server>\n`;
    write(dir, { "topology.yaml": topology([WEB]), "conf/server.xml": xml });
    for (const format of [[], ["--format", "json"]]) {
      const diff = runCli(["diff", "topology.yaml", ...format], { cwd: dir });
      expect(diff.status).toBe(1);
      expect(diff.stdout).toContain("secret=");
      expect(diff.stdout).not.toMatch(/old-secret|kspass/);
      expect(diff.stderr).not.toMatch(/old-secret|kspass/);
    }
    expect(runCli(["diff", "topology.yaml"], { cwd: dir }).stdout).toContain(`-    <Connector protocol="AJP/1.3" port="8009" secret='********' />`);
  });

  it("a server.xml cfggen wrote itself is patched the same way: a Valve added by hand survives a topology change", () => {
    const dir = tempDir();
    write(dir, { "topology.yaml": topology([WEB]) });
    expect(runCli(["render", "topology.yaml"], { cwd: dir }).status).toBe(0);
    const path = join(dir, "conf/server.xml");
    const valve = '        <Valve className="org.apache.catalina.valves.RemoteIpValve" />\n';
    writeFileSync(path, readFileSync(path, "utf8").replace(/(<Host [^\n]*)\/>\n/, `$1>\n${valve}      </Host>\n`));
    write(dir, { "topology.yaml": topology([{ ...WEB, lines: WEB.lines.map((l) => l.replace("8009", "8019")) }]) });
    const diff = runCli(["diff", "topology.yaml"], { cwd: dir });
    expect(diff.stdout.split("\n").filter((l) => /^[-+][^-+]/.test(l)).map((l) => l.slice(0, 1) + l.replace(/.*port="(\d+)".*/, "$1"))).toContain("+8019");
    expect(runCli(["render", "topology.yaml"], { cwd: dir }).status).toBe(0);
    expect(readFileSync(path, "utf8")).toContain(valve);
    expect(readFileSync(path, "utf8")).toContain('port="8019"');
  });
});

describe("refusals", () => {
  function refusedIn(files: Record<string, string>): { stderr: string; dir: string } {
    const dir = tempDir();
    write(dir, files);
    const before = readTree(dir);
    // Run from the parent folder: the server.xml is named as the topology is, relative to the cwd.
    const result = runCli(["render", join(dir.split("/").pop()!, "topology.yaml")], { cwd: dirname(dir) });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readTree(dir)).toEqual(before);
    return { stderr: result.stderr.replaceAll(`${dir.split("/").pop()}/`, ""), dir };
  }

  it("two live AJP connectors: the second one's line, naming both", () => {
    const xml = stockServerXml().replace("    <Engine name=\"Catalina\" defaultHost=\"localhost\">", '    <Connector protocol="AJP/1.3" port="8009" />\n    <Connector protocol="org.apache.coyote.ajp.AjpNio2Protocol" port="8010" />\n    <Engine name="Catalina" defaultHost="localhost">');
    const { stderr } = refusedIn({ "topology.yaml": topology([WEB]), "conf/server.xml": xml });
    const [first, second] = [ENGINE_LINE(), ENGINE_LINE() + 1];
    expect(stderr).toBe(`conf/server.xml:${second}:5: error server-xml-ambiguous-ajp: 2 live AJP connectors (lines ${first}, ${second}) where the topology describes one: remove or comment out the ones cfggen should not manage\n`);
  });

  it("a file that is not UTF-8", () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<!-- Caf\xe9 -->\n<Server port="8005"><Service><Engine name="C" defaultHost="h"/></Service></Server>\n', "latin1");
    const dir = tempDir();
    write(dir, { "topology.yaml": topology([WEB]) });
    mkdirSync(join(dir, "conf"));
    writeFileSync(join(dir, "conf/server.xml"), latin1);
    const result = runCli(["render", "topology.yaml"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^conf\/server\.xml:1:1: error server-xml-not-utf8: /);
    expect(readFileSync(join(dir, "conf/server.xml"))).toEqual(latin1);
  });

  it("a topology error stops before any server.xml is read", () => {
    const { stderr } = refusedIn({
      "topology.yaml": topology([{ ...WEB, lines: [...WEB.lines, "shutdownPort: 8009"] }]),
      "conf/server.xml": "<Server port='8005'>\n  <Service/>\n</Server>\n",
    });
    // Validation stops before any file is read: the topology's own error comes first, alone.
    expect(stderr).toMatch(/^topology\.yaml:\d+:\d+: error port-collision: /);
    expect(stderr).not.toContain("conf/server.xml");
  });
});

describe("several Tomcats on one machine", () => {
  const twoBases = (extraA: string[] = [], extraB: string[] = []) =>
    topology([
      { name: "a", lines: ["host: 127.0.0.1", "shutdownPort: 8005", "ajp: { port: 8009 }", "serverXml: base-a/conf/server.xml", ...extraA] },
      { name: "b", lines: ["host: localhost", "shutdownPort: 8006", "ajp: { port: 8010 }", "serverXml: base-b/conf/server.xml", ...extraB] },
    ]);

  function stage(yaml: string): string {
    const dir = tempDir();
    write(dir, { "topology.yaml": yaml });
    for (const base of ["base-a", "base-b"]) {
      mkdirSync(join(dir, base, "conf"), { recursive: true });
      cpSync(STOCK_SERVER_XML, join(dir, base, "conf/server.xml"));
    }
    return dir;
  }

  it("diagnoses the stock HTTP connector left on 8080 in both, at the second file's line", () => {
    const dir = stage(twoBases());
    const before = readTree(dir);
    const result = runCli(["render", "topology.yaml"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr.split("\n").filter((l) => l.includes("error"))).toEqual([
      `base-b/conf/server.xml:${HTTP_LINE()}:16: error server-xml-port-collision: this HTTP connector, which cfggen leaves as it is, listens on port 8080, also used by the HTTP connector of Tomcat "a" (base-a/conf/server.xml:${HTTP_LINE()}) on the same machine: change one of the ports`,
    ]);
    expect(readTree(dir)).toEqual(before);
  });

  it("patches both files side by side once the topology gives each HTTP connector its own port", () => {
    const dir = stage(twoBases(["http: { port: 8081 }"], ["http: { port: 8082 }"]));
    const result = runCli(["render", "topology.yaml"], { cwd: dir });
    expect(result.stderr).not.toMatch(/error/);
    expect(result.status).toBe(0);
    for (const [base, shutdown, ajp, http] of [["base-a", 8005, 8009, 8081], ["base-b", 8006, 8010, 8082]] as const) {
      const xml = readFileSync(join(dir, base, "conf/server.xml"), "utf8");
      expect(xml).toContain(`<Server port="${shutdown}" shutdown="SHUTDOWN">`);
      expect(xml).toContain(`<Connector port="${http}" protocol="HTTP/1.1"`);
      expect(xml).toContain(`<Connector protocol="AJP/1.3" address="127.0.0.1" port="${ajp}" secretRequired="false" bindOnInit="false" />`);
    }
  });

  it("diagnoses a connector cfggen leaves alone on a port the topology gives the same Tomcat", () => {
    const dir = tempDir();
    write(dir, { "topology.yaml": topology([{ ...WEB, lines: WEB.lines.map((l) => l.replace("8009", "8080")) }]), "conf/server.xml": stockServerXml() });
    const result = runCli(["render", "topology.yaml"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`conf/server.xml:${HTTP_LINE()}:16: error server-xml-port-collision: this HTTP connector, which cfggen leaves as it is, listens on port 8080, also used by this Tomcat's AJP connector (set in the topology)`);
  });
});

it("leaves a live AJP connector the topology does not describe, with a warning, and still renders", () => {
  const dir = tempDir();
  const xml = stockServerXml().replace("    <Engine name=\"Catalina\" defaultHost=\"localhost\">", '    <Connector protocol="AJP/1.3" port="8009" secret="hunter2hunter2hunter2" />\n    <Engine name="Catalina" defaultHost="localhost">');
  write(dir, { "topology.yaml": topology([{ name: "web", lines: ["host: 127.0.0.1", "http: { port: 8080 }", "serverXml: conf/server.xml"] }], "http"), "conf/server.xml": xml });
  const result = runCli(["render", "topology.yaml"], { cwd: dir });
  expect(result.status).toBe(0);
  expect(result.stderr).toContain(`conf/server.xml:${ENGINE_LINE()}:5: warning server-xml-unmanaged-ajp: `);
  expect(result.stderr).not.toContain("hunter2");
  expect(readFileSync(join(dir, "conf/server.xml"), "utf8")).toContain('    <Connector protocol="AJP/1.3" port="8009" secret="hunter2hunter2hunter2" />\n');
});
