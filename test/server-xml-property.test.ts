// Property: the patch never touches what cfggen does not manage. A random server.xml is built from
// a template whose unmanaged parts are "slots" (comments, whitespace, other elements, the user's
// attributes, commented-out connectors, CDATA, ...). Patching the file with random slot contents
// must equal patching it with opaque placeholders and then putting the contents back: the slots'
// bytes are copied through, and nothing in them changes what is patched or how.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { patchServerXml } from "../src/output/server-xml-patch.js";
import { connectorKind } from "../src/output/server-xml-elements.js";
import { attribute, childrenNamed, scanXml, type XmlElement } from "../src/output/xml-scan.js";
import { AJP_ATTRIBUTES, HTTP_ATTRIBUTES, type ManagedServerXml } from "../src/render/server-xml.js";
import { managedFor } from "./support/server-xml.js";

const CONTEXT = { file: "server.xml", modelPath: ["tomcats", 0, "serverXml"] };

type SlotKind = "prolog" | "server" | "service" | "engine" | "attributes";

/** A document with numbered slots: `fill` puts one string per slot. */
interface Template {
  kinds: SlotKind[];
  fill(slots: readonly string[]): string;
}

const port = fc.integer({ min: 1024, max: 65535 });

const tomcatSpec = fc.record(
  {
    jvmRoute: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
    shutdownPort: fc.oneof(fc.constant(-1), port),
    ajp: fc.record(
      {
        port,
        secret: fc.constantFrom({ env: "AJP_SECRET" }, "a-literal-secret-value"),
        redirectPort: port,
        uriEncoding: fc.constantFrom("UTF-8", "GBK"),
        packetSize: fc.constantFrom(8192, 16384, 65536),
        maxThreads: fc.integer({ min: 1, max: 500 }),
        connectionTimeout: fc.integer({ min: 1, max: 60000 }),
        keepAliveTimeout: fc.integer({ min: 1, max: 60000 }),
        bindOnInit: fc.boolean(),
      },
      { requiredKeys: ["port"] },
    ),
    http: fc.record({ port, address: fc.constantFrom("127.0.0.1", "0.0.0.0"), redirectPort: port, connectionTimeout: fc.integer({ min: 1, max: 60000 }), maxThreads: fc.integer({ min: 1, max: 500 }) }, { requiredKeys: ["port"] }),
  },
  { requiredKeys: ["jvmRoute", "shutdownPort"] },
);

/** An attribute the file already has: absent, the value cfggen wants, or another one. */
function existing(name: string, wanted: string | undefined): fc.Arbitrary<string | undefined> {
  const values = [fc.constant(undefined), fc.constantFrom("1", "other", "8443"), ...(wanted === undefined ? [] : [fc.constant(wanted)])];
  return fc.oneof(...values).map((v) => (v === undefined ? undefined : `${name}=${v}`));
}

function quoted(nameValue: string, quote: string): string {
  const i = nameValue.indexOf("=");
  return `${nameValue.slice(0, i)}=${quote}${nameValue.slice(i + 1)}${quote}`;
}

/** A connector's start tag: managed attributes in random order and quoting, one slot, and a fixed last attribute. */
function connector(protocol: fc.Arbitrary<string | undefined>, names: readonly string[], desired: ManagedServerXml["ajpConnector"], eol: string): fc.Arbitrary<(slot: string) => string> {
  const wanted = new Map(desired ?? []);
  return fc
    .tuple(
      protocol,
      fc.tuple(...names.filter((n) => n !== "protocol").map((n) => existing(n, wanted.get(n)))),
      fc.array(fc.tuple(fc.constantFrom(" ", `${eol}               `, "\t"), fc.constantFrom('"', "'")), { minLength: names.length + 2, maxLength: names.length + 2 }),
      fc.integer({ min: 0, max: names.length }),
      fc.constantFrom("/>", " />", "></Connector>", `>${eol}    </Connector>`),
    )
    .chain(([proto, attrs, styles, slotAt, closing]) => {
      const present = [...(proto === undefined ? [] : [`protocol=${proto}`]), ...attrs.filter((a) => a !== undefined)];
      return fc.shuffledSubarray(present, { minLength: present.length, maxLength: present.length }).map((ordered) => (slot: string) => {
        const parts = ordered.map((a, i) => `${styles[i]![0]}${quoted(a, styles[i]![1])}`);
        parts.splice(Math.min(slotAt, parts.length), 0, slot);
        return `    <Connector${parts.join("")}${styles[names.length + 1]![0]}maxParameterCount="1000"${closing}`;
      });
    });
}

function template(managed: ManagedServerXml): fc.Arbitrary<Template> {
  return fc.constantFrom("\n", "\r\n").chain((eol) =>
    fc
      .record({
        bom: fc.boolean(),
        decl: fc.constantFrom("", `<?xml version="1.0" encoding="UTF-8"?>${eol}`, `<?xml version='1.0'?>${eol}`),
        doctype: fc.constantFrom("", `<!DOCTYPE Server [${eol}  <!ENTITY logs "logs">${eol}]>${eol}`),
        serverPort: existing("port", managed.serverPort),
        jvmRoute: existing("jvmRoute", managed.jvmRoute),
        quote: fc.constantFrom('"', "'"),
        ajp: fc.option(connector(fc.constantFrom("AJP/1.3", "ajp/1.3", "org.apache.coyote.ajp.AjpNioProtocol", "org.apache.coyote.ajp.AjpNio2Protocol"), AJP_ATTRIBUTES, managed.ajpConnector, eol)),
        http: fc.option(connector(fc.constantFrom(undefined, "HTTP/1.1", "org.apache.coyote.http11.Http11NioProtocol"), HTTP_ATTRIBUTES, managed.httpConnector, eol)),
      })
      .map(({ bom, decl, doctype, serverPort, jvmRoute, quote, ajp, http }): Template => {
        const kinds: SlotKind[] = ["prolog", "attributes", "server", "service", ...(ajp ? (["attributes"] as const) : []), "service", ...(http ? (["attributes"] as const) : []), "service", "attributes", "engine", "service", "server", "prolog"];
        return {
          kinds,
          fill(slots) {
            let i = 0;
            const next = () => slots[i++]!;
            const q = (a: string | undefined) => (a ? ` ${quoted(a, quote)}` : "");
            const prolog = next();
            const serverTag = `<Server${next()}${q(serverPort)} shutdown="SHUTDOWN">`;
            const serverBody = next();
            const service1 = next();
            const ajpTag = ajp ? `${ajp(next())}${eol}` : "";
            const service2 = next();
            const httpTag = http ? `${http(next())}${eol}` : "";
            const service3 = next();
            const engineTag = `    <Engine${next()} name="Catalina"${q(jvmRoute)} defaultHost="localhost">`;
            const engineBody = next();
            const service4 = next();
            const server2 = next();
            const epilog = next();
            return [
              bom ? "\uFEFF" : "",
              decl,
              doctype,
              prolog,
              serverTag,
              eol,
              serverBody,
              `  <Service name="Catalina">${eol}`,
              service1,
              ajpTag,
              service2,
              httpTag,
              service3,
              eol,
              engineTag,
              eol,
              engineBody,
              `${eol}    </Engine>${eol}`,
              service4,
              `  </Service>${eol}`,
              server2,
              `</Server>${eol}`,
              epilog,
            ].join("");
          },
        };
      }),
  );
}

const commentText = fc.stringMatching(/^[A-Za-z0-9 <>/="'.:\n]*$/, { maxLength: 40 });
const attrValue = fc.array(fc.constantFrom("a", "Z", "9", " ", ".", "/", ">", "&amp;", "&lt;", "&#x41;", "&#65;"), { maxLength: 6 }).map((a) => a.join(""));

function slotContent(kind: SlotKind, eol: string): fc.Arbitrary<string> {
  if (kind === "attributes") {
    return fc
      .uniqueArray(fc.stringMatching(/^u[A-Za-z]{1,6}$/), { maxLength: 3 })
      .chain((names) =>
        fc.tuple(...names.map((name) => fc.tuple(fc.constantFrom(" ", "  ", `${eol}      `, "\t"), fc.constantFrom('"', "'"), attrValue).map(([ws, quote, value]) => `${ws}${name}=${quote}${value}${quote}`))),
      )
      .map((attrs) => attrs.join(""));
  }
  const common = [
    fc.constantFrom("", " ", eol, `${eol}    `, "\t"),
    commentText.map((t) => `<!--${t.replace(/\n/g, eol)}-->`),
    fc.constant(`<!-- <Connector protocol="AJP/1.3" port="8009" /> -->`),
    fc.constant(`<!--${eol}    <Connector port="8080" protocol="HTTP/1.1"${eol}               connectionTimeout="20000" />${eol}    -->`),
    fc.constant("<?cfggen-test some data?>"),
  ];
  const inElement = [
    fc.constant(`<![CDATA[<Connector protocol="AJP/1.3" port="9"/>]]>`),
    fc.constant(`<Valve className="org.apache.catalina.valves.AccessLogValve" pattern="%h &quot;%r&quot;" />`),
  ];
  const byKind: Record<Exclude<SlotKind, "attributes">, fc.Arbitrary<string>[]> = {
    prolog: common,
    server: [...common, fc.constant(`<Listener className="org.apache.catalina.core.JreMemoryLeakPreventionListener" />`), fc.constant(`<GlobalNamingResources>${eol}</GlobalNamingResources>`)],
    service: [
      ...common,
      ...inElement,
      fc.constant(`<Executor name="pool" maxThreads='150'/>`),
      fc.constant(`<Connector port="8443" protocol="org.apache.coyote.http11.Http11NioProtocol" SSLEnabled="true">${eol}      <SSLHostConfig/>${eol}    </Connector>`),
      fc.constant(`<Connector port="9999" protocol="com.example.CustomProtocol"/>`),
    ],
    engine: [
      ...common,
      ...inElement,
      fc.constant(`<Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster"/>`),
      fc.constant(`<Realm className="org.apache.catalina.realm.LockOutRealm">${eol}  <Realm className="org.apache.catalina.realm.UserDatabaseRealm" resourceName="UserDatabase"/>${eol}</Realm>`),
      fc.constant(`<Host name="localhost" appBase="webapps"><Valve className="x" directory='a&amp;b'/></Host>`),
    ],
  };
  return fc.array(fc.oneof(...byKind[kind]), { maxLength: 3 }).map((parts) => parts.join(""));
}

const scenario = tomcatSpec.chain((spec) => {
  const managed = managedFor(spec);
  return template(managed).chain((t) => {
    const eol = t.fill(t.kinds.map(() => "")).includes("\r\n") ? "\r\n" : "\n";
    return fc.tuple(...t.kinds.map((kind) => slotContent(kind, eol))).map((slots) => ({ managed, template: t, slots }));
  });
});

function patch(text: string, managed: ManagedServerXml): string {
  const result = patchServerXml(text, managed, CONTEXT);
  if ("refused" in result) throw new Error(`refused: ${result.refused.map((f) => `${f.code} ${f.message}`).join("; ")}\n${text}`);
  return result.patched;
}

function placeholders(kinds: readonly SlotKind[]): string[] {
  return kinds.map((kind, i) => (kind === "attributes" ? ` slot${i}="x"` : `<!--slot${i}-->`));
}

describe("patching a server.xml never touches what cfggen does not manage", () => {
  it("the user's parts are copied through byte for byte and change nothing in the patch", () => {
    fc.assert(
      fc.property(scenario, ({ managed, template, slots }) => {
        const marks = placeholders(template.kinds);
        const withMarks = patch(template.fill(marks), managed);
        let expected = withMarks;
        marks.forEach((mark, i) => {
          expect(expected.split(mark).length, `placeholder ${i} appears once`).toBe(2);
          expected = expected.replace(mark, () => slots[i]!);
        });
        expect(patch(template.fill(slots), managed)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("the result holds exactly the managed values, and patching it again changes nothing", () => {
    fc.assert(
      fc.property(scenario, ({ managed, template, slots }) => {
        const once = patch(template.fill(slots), managed);
        expect(patch(once, managed)).toBe(once);
        const scan = scanXml(once);
        if (!("root" in scan)) throw new Error("patched file does not parse");
        const service = childrenNamed(scan.root, "Service")[0]!;
        expect(attribute(scan.root, "port")?.value).toBe(managed.serverPort);
        expect(attribute(childrenNamed(service, "Engine")[0]!, "jvmRoute")?.value).toBe(managed.jvmRoute);
        const connectors = childrenNamed(service, "Connector");
        for (const [kind, desired, names] of [["ajp", managed.ajpConnector, AJP_ATTRIBUTES], ["http", managed.httpConnector, HTTP_ATTRIBUTES]] as const) {
          if (!desired) continue;
          const live = connectors.filter((c) => connectorKind(c) === kind);
          expect(live).toHaveLength(1);
          expect(managedValues(live[0]!, names)).toEqual(Object.fromEntries(desired.filter(([n]) => n !== "protocol")));
        }
      }),
      { numRuns: 200 },
    );
  });
});

function managedValues(element: XmlElement, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(element.attributes.filter((a) => names.includes(a.name) && a.name !== "protocol").map((a) => [a.name, a.value]));
}
