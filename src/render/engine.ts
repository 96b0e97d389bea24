// One Handlebars instance for every template (helpers and options: template-helpers.ts),
// templates compiled on first use. The bundle the package ships replaces this module with the
// templates precompiled for Handlebars' runtime (scripts/bundle.mjs): no compiler at run time.
import { readFileSync } from "node:fs";
import Handlebars from "handlebars";
import { COMPILE_OPTIONS, TEMPLATE_HELPERS } from "./template-helpers.js";

const TEMPLATES_DIR = new URL("../../templates/", import.meta.url);

const handlebars = Handlebars.create();
for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) handlebars.registerHelper(name, helper);

const compiled = new Map<string, Handlebars.TemplateDelegate>();

export function renderTemplate(name: string, view: object): string {
  let template = compiled.get(name);
  if (!template) {
    template = handlebars.compile(readFileSync(new URL(name, TEMPLATES_DIR), "utf8"), COMPILE_OPTIONS);
    compiled.set(name, template);
  }
  return template(view);
}
