// Whether a server socket answers, by kind. Its own module (moved out of tomcat.ts) because it also runs
// inside network namespaces, through namespace-agent.ts, where nothing that starts servers belongs.
import { get } from "node:http";
import { cping } from "./ajp.js";
import { isListening } from "./ports.js";

export interface Endpoint {
  kind: "shutdown" | "ajp" | "http";
  /** Where to reach it from the machine (or namespace) the server runs in. */
  host: string;
  port: number;
}

export function endpointUp(endpoint: Endpoint): Promise<boolean> {
  if (endpoint.kind === "ajp") return cping(endpoint.host, endpoint.port);
  if (endpoint.kind === "http") return httpAnswers(endpoint.host, endpoint.port);
  return isListening(endpoint.host, endpoint.port);
}

/** Any HTTP response at all (even a 404) shows an HTTP connector. */
function httpAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get({ host, port, path: "/", timeout: 2000 }, (response) => {
      response.resume();
      resolve(/^\d{3}$/.test(String(response.statusCode)));
    });
    request.once("timeout", () => request.destroy());
    request.once("error", () => resolve(false));
  });
}
