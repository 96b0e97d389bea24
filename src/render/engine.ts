// One Handlebars instance for every template: strict (a missing view field is a bug),
// no HTML escaping (values are escaped per target by the helpers), templates compiled on first use.
import { readFileSync } from "node:fs";
import Handlebars from "handlebars";
import { commentText, httpdParam, httpdQuote, httpdWord, xmlAttr, xmlComment, xmlName } from "./escape.js";

const TEMPLATES_DIR = new URL("../../templates/", import.meta.url);

const handlebars = Handlebars.create();
const helpers = {
  httpdQuote: (value: string) => httpdQuote(value),
  httpdParam: (key: string, value: string | number) => httpdParam(key, value),
  httpdWord: (value: string | number) => httpdWord(value),
  comment: (value: string) => commentText(value),
  xmlAttr: (value: string | number) => xmlAttr(value),
  xmlComment: (value: string) => xmlComment(value),
  xmlName: (value: string) => xmlName(value),
};
for (const [name, helper] of Object.entries(helpers)) handlebars.registerHelper(name, helper);

const compiled = new Map<string, Handlebars.TemplateDelegate>();

export function renderTemplate(name: string, view: object): string {
  let template = compiled.get(name);
  if (!template) {
    const source = readFileSync(new URL(name, TEMPLATES_DIR), "utf8");
    template = handlebars.compile(source, {
      noEscape: true,
      strict: true,
      knownHelpersOnly: true,
      knownHelpers: Object.fromEntries(Object.keys(helpers).map((h) => [h, true])),
    });
    compiled.set(name, template);
  }
  return template(view);
}
