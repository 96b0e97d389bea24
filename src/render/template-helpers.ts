// The helpers every template may call, and the options every template is compiled with: strict
// (a missing view field is a bug), no HTML escaping (each value is escaped for its target by a
// helper), only these helpers, and no @data variables (@index, @first, ...): the data frame
// {{#each}} builds for them per item was 40% of rendering 10,000 members. Shared by engine.ts and
// the build, which precompiles the templates.
import { commentText, httpdParam, httpdQuote, httpdWord, xmlAttr, xmlComment, xmlName } from "./escape.js";

export const TEMPLATE_HELPERS = {
  httpdQuote: (value: string) => httpdQuote(value),
  httpdParam: (key: string, value: string | number) => httpdParam(key, value),
  httpdWord: (value: string | number) => httpdWord(value),
  comment: (value: string) => commentText(value),
  xmlAttr: (value: string | number) => xmlAttr(value),
  xmlComment: (value: string) => xmlComment(value),
  xmlName: (value: string) => xmlName(value),
};

export const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  data: false,
  knownHelpersOnly: true,
  knownHelpers: Object.fromEntries(Object.keys(TEMPLATE_HELPERS).map((name) => [name, true])),
};
