import type { Tomcat } from "../model/normalize.js";

/** The secret as httpd reads it: `${NAME}` is expanded from httpd's environment at start-up. */
export function httpdSecret(secret: NonNullable<Tomcat["ajp"]>["secret"]): string | undefined {
  if (secret === undefined) return undefined;
  return typeof secret === "string" ? secret : `\${${secret.env}}`;
}

/**
 * The secret as Tomcat reads it. The empty default makes an unset variable fail closed:
 * the connector refuses to start rather than using the literal text "${NAME}" as the secret.
 */
export function tomcatSecret(secret: NonNullable<Tomcat["ajp"]>["secret"]): string | undefined {
  if (secret === undefined) return undefined;
  return typeof secret === "string" ? secret : `\${${secret.env}:-}`;
}

/** Every literal secret in the topology: never printed, and their files are written 0600. */
export function literalSecrets(tomcats: readonly Tomcat[]): string[] {
  return tomcats.flatMap((t) => (typeof t.ajp?.secret === "string" ? [t.ajp.secret] : []));
}
