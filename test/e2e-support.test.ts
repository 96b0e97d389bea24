// The e2e suite's reading of a server.xml decides which sockets it waits for: it must see
// only live connectors, never the samples the stock file keeps in comments.
import { expect, it } from "vitest";
import { serverXmlEndpoints } from "./e2e/support/tomcat.js";
import { stockServerXml } from "./support/server-xml.js";

it("finds the stock server.xml's one live connector, not its commented-out samples", () => {
  // Debian's skeleton: shutdown port -1, HTTP on 8080 live; AJP and HTTPS only in comments.
  expect(serverXmlEndpoints(stockServerXml())).toEqual([{ kind: "http", host: "127.0.0.1", port: 8080 }]);
});

it("finds a live AJP connector and the shutdown port", () => {
  const xml = `<Server port="8105"><!-- <Connector port="9" protocol="AJP/1.3"/> --><Service><Connector protocol="AJP/1.3" address="127.0.0.1" port="8109"/></Service></Server>`;
  expect(serverXmlEndpoints(xml)).toEqual([
    { kind: "shutdown", host: "127.0.0.1", port: 8105 },
    { kind: "ajp", host: "127.0.0.1", port: 8109 },
  ]);
});
