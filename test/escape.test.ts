import { describe, expect, it } from "vitest";
import { httpdParam, httpdQuote, httpdWord, xmlAttr, xmlComment, xmlName } from "../src/render/escape.js";

describe("per-target escaping", () => {
  it("quotes httpd arguments, escaping backslash and quote", () => {
    expect(httpdQuote("/app")).toBe('"/app"');
    expect(httpdQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
  it("refuses a control character anywhere a value is written", () => {
    expect(() => httpdQuote("/a\nInclude x")).toThrow(/internal/);
    expect(() => xmlAttr("a\rb")).toThrow(/internal/);
    expect(() => xmlComment("a\nb")).toThrow(/internal/);
  });
  it("keeps httpd parameters to one token", () => {
    expect(httpdParam("route", "webjack")).toBe("route=webjack");
    expect(httpdParam("secret", "${AJP_SECRET}")).toBe("secret=${AJP_SECRET}");
    expect(() => httpdParam("route", "a b")).toThrow();
    expect(() => httpdParam("route", 'a"')).toThrow();
    expect(() => httpdWord("127.0.0.1 all")).toThrow();
  });
  it("escapes XML attribute values", () => {
    expect(xmlAttr(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
    expect(xmlAttr("${AJP_SECRET:-}")).toBe("${AJP_SECRET:-}");
  });
  it("keeps XML comments from ending early", () => {
    expect(xmlComment("a -- b")).not.toContain("--");
  });
  it("accepts only XML names from the code", () => {
    expect(xmlName("URIEncoding")).toBe("URIEncoding");
    expect(() => xmlName('x="1" y')).toThrow();
  });
});
