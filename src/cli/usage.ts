// Usage errors: yargs' messages, reworded to name what was typed and what to type instead.

/** Thrown from yargs' fail hook, so that no command runs after a usage error. */
export class UsageError extends Error {}

export function usageMessage(message: string, argv: readonly string[], commands: readonly string[]): string {
  const typed = argv[0];
  const commandTypo = typed !== undefined && !typed.startsWith("-") && !commands.includes(typed);
  const suggestion = /^Did you mean (\S+)\?$/.exec(message)?.[1];
  if (commandTypo && suggestion) return `unknown command \`${typed}\`; did you mean \`${suggestion}\`?`;
  const unknown = /^Unknown arguments?: (.+)$/.exec(message)?.[1];
  if (unknown !== undefined) {
    if (commandTypo) return `unknown command \`${typed}\`; the commands are ${commands.join(", ")}`;
    // yargs names each unknown option twice, as typed and camel-cased.
    const names = unknown.split(", ").filter((name, _, all) => !/[A-Z]/.test(name) || !all.includes(kebab(name)));
    return names.map((name) => (argv.includes(name) ? `unexpected argument \`${name}\`` : `unknown option \`${asTyped(name, argv)}\``)).join("; ");
  }
  const invalid = /^Invalid values:\n\s*Argument: (\S+), Given: (.+), Choices: (.+)$/.exec(message);
  if (invalid) return `--${invalid[1]} cannot be ${invalid[2]}: use ${invalid[3]!.replace(/"/g, "")}`;
  return message;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The option as the user wrote it (`--no-x` is yargs' negation of `x`), without any `=value`. */
function asTyped(name: string, argv: readonly string[]): string {
  const written = argv.find((arg) => [`--${name}`, `--no-${name}`, `-${name}`].includes(arg.split("=")[0]!));
  return written?.split("=")[0] ?? `--${name}`;
}
