// patchServerXml: which elements it recognises, how it edits them, and what it refuses.
import { describe, expect, it } from "vitest";
import type { ManagedServerXml } from "../src/render/server-xml.js";
import { patchServerXml, type ServerXmlPatch } from "../src/output/server-xml-patch.js";
import { changedLines, managedFor, stockServerXml } from "./support/server-xml.js";

const CONTEXT = { file: "tc/conf/server.xml", modelPath: ["tomcats", 0, "serverXml"] };
const AJP_ONLY = managedFor({ jvmRoute: "webjack", ajp: { port: 8009 } });

function patched(text: string, managed: ManagedServerXml = AJP_ONLY): string {
  const result = patchServerXml(text, managed, CONTEXT);
  if ("refused" in result) throw new Error(`refused: ${result.refused.map((f) => f.message).join("; ")}`);
  return result.patched;
}

function refused(text: string, managed: ManagedServerXml = AJP_ONLY): { code: string; line: number; col: number; message: string }[] {
  const result: ServerXmlPatch = patchServerXml(text, managed, CONTEXT);
  if (!("refused" in result)) throw new Error("expected a refusal");
  return result.refused.map((f) => ({ code: f.code, line: f.location!.line, col: f.location!.col, message: f.message }));
}

/** A small server.xml around the given Service content. */
function serverXml(serviceBody: string, engine = '<Engine name="Catalina" defaultHost="localhost">\n    </Engine>'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Server port="8005" shutdown="SHUTDOWN">\n  <Service name="Catalina">\n${serviceBody}    ${engine}\n  </Service>\n</Server>\n`;
}

describe("the stock server.xml of Tomcat 10.1", () => {
  const stock = stockServerXml();

  it("changes the Server port and the Engine line, and inserts the AJP connector before the live Engine", () => {
    const result = patched(stock);
    expect(changedLines(stock, result)).toEqual({
      removed: ['<Server port="-1" shutdown="SHUTDOWN">\n', '    <Engine name="Catalina" defaultHost="localhost">\n'],
      added: [
        '<Server port="8005" shutdown="SHUTDOWN">\n',
        '    <Connector protocol="AJP/1.3" address="127.0.0.1" port="8009" secretRequired="false" bindOnInit="false" />\n',
        '    <Engine name="Catalina" defaultHost="localhost" jvmRoute="webjack">\n',
      ],
    });
  });

  it("leaves the commented-out AJP sample and the commented Engine example alone", () => {
    const result = patched(stock);
    expect(result).toContain('    <Connector protocol="AJP/1.3"\n               address="::1"\n               port="8009"');
    expect(result).toContain('<Engine name="Catalina" defaultHost="localhost" jvmRoute="jvm1">\n    -->');
  });

  it("patches its HTTP connector when the topology has one, keeping the user's maxParameterCount", () => {
    const managed = managedFor({ jvmRoute: "webjack", http: { port: 8081, maxThreads: 50 } });
    const result = patched(stock, managed);
    expect(changedLines(stock, result)).toEqual({
      removed: ['<Server port="-1" shutdown="SHUTDOWN">\n', '    <Connector port="8080" protocol="HTTP/1.1"\n', '               redirectPort="8443"\n', '    <Engine name="Catalina" defaultHost="localhost">\n'],
      added: ['<Server port="8005" shutdown="SHUTDOWN">\n', '    <Connector port="8081" protocol="HTTP/1.1"\n', '               maxThreads="50"\n', '    <Engine name="Catalina" defaultHost="localhost" jvmRoute="webjack">\n'],
    });
    expect(result).toContain('               connectionTimeout="20000"\n               maxParameterCount="1000"\n               maxThreads="50"\n               />');
    expect(result.match(/<Connector /g)?.length).toBe(stock.match(/<Connector /g)?.length);
  });
});

describe("finding the AJP connector", () => {
  it.each(["AJP/1.3", "ajp/1.3", "org.apache.coyote.ajp.AjpNioProtocol", "org.apache.coyote.ajp.AjpNio2Protocol"])("recognises protocol %s and keeps its spelling", (protocol) => {
    const text = serverXml(`    <Connector port="8010" protocol="${protocol}" address="127.0.0.1" secretRequired="false" bindOnInit="false"/>\n`);
    const result = patched(text);
    expect(result.match(/<Connector /g)?.length).toBe(1);
    expect(result).toContain(`<Connector port="8009" protocol="${protocol}" address="127.0.0.1" secretRequired="false" bindOnInit="false"/>`);
  });

  it("patches a connector written with a separate end tag, attributes in any order, single-quoted", () => {
    const text = serverXml(`    <Connector  secretRequired = 'false'\tport='8010'  protocol='AJP/1.3' address='127.0.0.1' bindOnInit='false' >\n    </Connector>\n`);
    const result = patched(text);
    expect(changedLines(text, result)).toEqual({
      removed: [`    <Connector  secretRequired = 'false'\tport='8010'  protocol='AJP/1.3' address='127.0.0.1' bindOnInit='false' >\n`, '    <Engine name="Catalina" defaultHost="localhost">\n'],
      added: [`    <Connector  secretRequired = 'false'\tport='8009'  protocol='AJP/1.3' address='127.0.0.1' bindOnInit='false' >\n`, '    <Engine name="Catalina" defaultHost="localhost" jvmRoute="webjack">\n'],
    });
  });

  it("takes a value written with references as equal when it reads the same, and leaves it as written", () => {
    const text = serverXml(`    <Connector protocol="AJP/1.3" address="127.0.0.&#49;" port="80&#x30;9" secretRequired="false" bindOnInit="false"/>\n`);
    expect(patched(text)).toContain(`address="127.0.0.&#49;" port="80&#x30;9"`);
  });

  it("removes managed attributes the topology does not set (and the secret's old alias), keeping the user's", () => {
    const text = serverXml(
      `    <Connector protocol="AJP/1.3" port="8009" address="127.0.0.1" requiredSecret="old" packetSize="65536"\n               allowedRequestAttributesPattern=".*" maxParameterCount="1000" secretRequired="false" bindOnInit="false" />\n`,
    );
    expect(patched(text)).toContain(`<Connector protocol="AJP/1.3" port="8009" address="127.0.0.1"\n               allowedRequestAttributesPattern=".*" maxParameterCount="1000" secretRequired="false" bindOnInit="false" />`);
  });

  it("appends missing attributes one per line when the tag is laid out that way, in the file's line endings", () => {
    const text = serverXml(`    <Connector protocol="AJP/1.3"\r\n               port="8009"\r\n               />\r\n`).replace(/\n/g, "\r\n").replace(/\r\r/g, "\r");
    const result = patched(text, managedFor({ jvmRoute: "webjack", ajp: { port: 8009, secret: { env: "AJP_SECRET" }, maxThreads: 150 } }));
    expect(result).toContain(
      `<Connector protocol="AJP/1.3"\r\n               port="8009"\r\n               address="127.0.0.1"\r\n               secret="\${AJP_SECRET:-}"\r\n               maxThreads="150"\r\n               bindOnInit="false"\r\n               />`,
    );
    expect(result.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("ignores AJP connectors inside comments and CDATA-free text, and a connector in another element's comment", () => {
    const text = serverXml(`    <!-- <Connector protocol="AJP/1.3" port="8009"/> -->\n    <!--\n    <Connector protocol="AJP/1.3" port="8010"/>\n    -->\n`);
    const result = patched(text);
    expect(result.match(/<Connector /g)?.length).toBe(3);
    expect(result).toContain('\n    <Connector protocol="AJP/1.3" address="127.0.0.1" port="8009" secretRequired="false" bindOnInit="false" />\n    <Engine');
  });
});

describe("finding the HTTP connector", () => {
  const HTTP = managedFor({ jvmRoute: "r", http: { port: 8081 } });

  it("prefers the plain HTTP connector on the topology's port", () => {
    const text = serverXml(`    <Connector port="8080" protocol="HTTP/1.1" connectionTimeout="20000"/>\n    <Connector port="8081" connectionTimeout="20000"/>\n`);
    const result = patched(text, HTTP);
    expect(changedLines(text, result).removed.filter((l) => l.includes("Connector"))).toEqual([]);
  });

  it("takes the single plain HTTP connector whatever its port, and leaves HTTPS connectors alone", () => {
    const https = `    <Connector port="8443" protocol="org.apache.coyote.http11.Http11NioProtocol" SSLEnabled="true" maxThreads="150">\n      <SSLHostConfig><Certificate certificateKeystoreFile="conf/x.jks" type="RSA"/></SSLHostConfig>\n    </Connector>\n`;
    const text = serverXml(`${https}    <Connector port="8080" protocol="org.apache.coyote.http11.Http11Nio2Protocol" connectionTimeout="20000"/>\n`);
    const result = patched(text, HTTP);
    expect(result).toContain(https);
    expect(result).toContain('<Connector port="8081" protocol="org.apache.coyote.http11.Http11Nio2Protocol" connectionTimeout="20000"/>');
  });

  it("inserts one when there is only an HTTPS connector", () => {
    const text = serverXml(`    <Connector port="8443" SSLEnabled="true"/>\n`);
    expect(patched(text, HTTP)).toContain('<Connector port="8443" SSLEnabled="true"/>\n    <Connector protocol="HTTP/1.1" port="8081" connectionTimeout="20000" />\n    <Engine');
  });

  it("refuses two plain HTTP connectors none of which is on the topology's port", () => {
    const text = serverXml(`    <Connector port="8080"/>\n    <Connector port="8090"/>\n`);
    expect(refused(text, HTTP)).toEqual([{ code: "server-xml-ambiguous-http", line: 5, col: 5, message: expect.stringContaining("lines 4, 5") }]);
  });
});

describe("refusing to guess", () => {
  it("two live AJP connectors", () => {
    const text = serverXml(`    <Connector protocol="AJP/1.3" port="8009"/>\n    <!-- <Connector protocol="AJP/1.3" port="8011"/> -->\n    <Connector protocol="org.apache.coyote.ajp.AjpNioProtocol" port="8010"/>\n`);
    expect(refused(text)).toEqual([{ code: "server-xml-ambiguous-ajp", line: 6, col: 5, message: expect.stringContaining("2 live AJP connectors (lines 4, 6)") }]);
  });

  it("a Service without an Engine", () => {
    const text = `<Server port="8005">\n  <Service name="Catalina">\n    <Connector port="8080"/>\n  </Service>\n</Server>\n`;
    expect(refused(text)).toEqual([{ code: "server-xml-no-engine", line: 2, col: 3, message: expect.any(String) }]);
  });

  it("two Engines in the Service", () => {
    const text = `<Server port="8005">\n  <Service>\n    <Engine name="A"/>\n    <Engine name="B"/>\n  </Service>\n</Server>\n`;
    expect(refused(text)).toEqual([{ code: "server-xml-ambiguous-engine", line: 4, col: 5, message: expect.stringContaining("(lines 3, 4)") }]);
  });

  it("an Engine only inside a comment", () => {
    const text = serverXml("", '<!-- <Engine name="Catalina" defaultHost="localhost"></Engine> -->');
    expect(refused(text).map((r) => r.code)).toEqual(["server-xml-no-engine"]);
  });

  it("several Services and none recognisably this Tomcat's", () => {
    const text = `<Server port="8005">\n  <Service name="A"><Engine name="A" defaultHost="h"/></Service>\n  <Service name="B"><Engine name="B" defaultHost="h"/></Service>\n</Server>\n`;
    expect(refused(text)).toEqual([{ code: "server-xml-ambiguous-service", line: 3, col: 3, message: expect.stringContaining('lines 2, 3) and none of them has this Tomcat\'s jvmRoute="webjack"') }]);
  });

  it.each([
    ["no Service", `<Server port="8005"><Listener className="x"/></Server>`, "server-xml-no-service", 1, 1],
    ["a root other than Server", `<?xml version="1.0"?>\n<Context/>`, "server-xml-no-server", 2, 1],
    ["malformed XML", `<Server port="8005">\n  <Service>\n</Server>`, "server-xml-malformed", 3, 9],
    ["an external entity in content", `<!DOCTYPE Server [<!ENTITY c SYSTEM "c.xml">]>\n<Server port="8005"><Service>&c;<Engine/></Service></Server>`, "server-xml-entity", 2, 30],
    ["a portOffset", `<Server port="8005" portOffset="100"><Service><Engine/></Service></Server>`, "server-xml-port-offset", 1, 21],
  ])("%s", (_what, text, code, line, col) => {
    expect(refused(text)).toEqual([{ code, line, col, message: expect.any(String) }]);
  });
});

describe("choosing among several Services", () => {
  const two = (routeA: string, routeB: string) =>
    `<Server port="8005">\n  <Service name="A">\n    <Engine name="A" defaultHost="h"${routeA}/>\n  </Service>\n  <Service name="B">\n    <Connector port="9090"/>\n    <Engine name="B" defaultHost="h"${routeB}/>\n  </Service>\n</Server>\n`;

  it("takes the one whose Engine has this Tomcat's jvmRoute", () => {
    const text = two("", ' jvmRoute="webjack"');
    expect(changedLines(text, patched(text)).added).toEqual(['    <Connector protocol="AJP/1.3" address="127.0.0.1" port="8009" secretRequired="false" bindOnInit="false" />\n']);
  });

  it("takes the one with a connector on the topology's port", () => {
    const text = two(' jvmRoute="x"', ' jvmRoute="y"');
    const result = patched(text, managedFor({ jvmRoute: "webjack", http: { port: 9090 } }));
    expect(result).toContain('<Engine name="B" defaultHost="h" jvmRoute="webjack"/>');
    expect(result).toContain('<Engine name="A" defaultHost="h" jvmRoute="x"/>');
  });
});

describe("everything else", () => {
  it("keeps a BOM, CRLF line endings, the XML declaration and a DOCTYPE with entities", () => {
    const text = `\uFEFF<?xml version='1.0' encoding='utf-8' standalone='no'?>\r\n<!DOCTYPE Server [\r\n  <!ENTITY route "webjack">\r\n]>\r\n<Server port="8005" shutdown="SHUTDOWN">\r\n  <Service name="Catalina">\r\n    <Engine name="Catalina" defaultHost="localhost" jvmRoute="&route;">\r\n    </Engine>\r\n  </Service>\r\n</Server>\r\n`;
    const result = patched(text);
    // The entity reads "webjack": the Engine line stays as written.
    expect(changedLines(text, result)).toEqual({
      removed: [],
      added: ['    <Connector protocol="AJP/1.3" address="127.0.0.1" port="8009" secretRequired="false" bindOnInit="false" />\r\n'],
    });
    expect(result.startsWith("\uFEFF<?xml version='1.0' encoding='utf-8' standalone='no'?>\r\n<!DOCTYPE Server [")).toBe(true);
  });

  it("keeps the quote style of an attribute it changes, escaping the value for XML", () => {
    const text = `<Server port='1'><Service><Engine name='x' jvmRoute='old'/></Service></Server>`;
    const managed: ManagedServerXml = { serverPort: "8005", jvmRoute: `a'b"c&d<e` };
    expect(patched(text, managed)).toBe(`<Server port='8005'><Service><Engine name='x' jvmRoute='a&apos;b&quot;c&amp;d&lt;e'/></Service></Server>`);
  });

  it("adds an attribute in the element's quote style when all of its attributes use single quotes", () => {
    expect(patched(`<Server port='1'><Service><Engine name='x'/></Service></Server>`, { serverPort: "8005", jvmRoute: "r" })).toBe(`<Server port='8005'><Service><Engine name='x' jvmRoute='r'/></Service></Server>`);
  });

  it("inserts before an Engine that shares its line, with that line's indentation", () => {
    const text = `<Server port="8005">\n\t<Service name="S"><Engine name="E"/></Service>\n</Server>\n`;
    expect(patched(text)).toBe(`<Server port="8005">\n\t<Service name="S"><Connector protocol="AJP/1.3" address="127.0.0.1" port="8009" secretRequired="false" bindOnInit="false" />\n\t<Engine name="E" jvmRoute="webjack"/></Service>\n</Server>\n`);
  });

  it("leaves a live AJP connector the topology does not describe, with a warning at its line", () => {
    const text = serverXml(`    <Connector protocol="AJP/1.3" port="8009" secret="s3cret-value-here"/>\n`);
    const result = patchServerXml(text, managedFor({ jvmRoute: "r", http: { port: 8080 } }), CONTEXT);
    if ("refused" in result) throw new Error("refused");
    expect(result.patched).toContain(`    <Connector protocol="AJP/1.3" port="8009" secret="s3cret-value-here"/>\n`);
    expect(result.warnings.map((w) => [w.code, w.severity, w.location?.line])).toEqual([["server-xml-unmanaged-ajp", "warning", 4]]);
    expect(result.warnings[0]!.message).not.toContain("s3cret");
  });

  it("reports the ports of connectors it leaves alone, with their place in the file", () => {
    const text = serverXml(`    <Connector port="8443" SSLEnabled="true"/>\n    <Connector port="\${http.port}"/>\n`);
    const result = patchServerXml(text, AJP_ONLY, CONTEXT);
    if ("refused" in result) throw new Error("refused");
    expect(result.unmanagedPorts).toEqual([{ port: 8443, what: "HTTPS connector", location: { file: CONTEXT.file, line: 4, col: 16 } }]);
  });

  it("is idempotent: patching the result again changes nothing", () => {
    const inputs = [
      stockServerXml(),
      serverXml(`    <Connector port="8080" protocol="HTTP/1.1"/>\n`),
      serverXml(`    <Connector port='7000' protocol='AJP/1.3' packetSize='8192'\n      maxThreads='10'/>\n`),
    ];
    const managed = managedFor({ jvmRoute: "webjack", ajp: { port: 8009, secret: { env: "S" }, packetSize: 16384 }, http: { port: 8081, address: "127.0.0.1" } });
    for (const input of inputs) {
      const once = patched(input, managed);
      expect(once).not.toBe(input);
      expect(patched(once, managed)).toBe(once);
    }
  });
});
