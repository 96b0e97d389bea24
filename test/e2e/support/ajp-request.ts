// A real AJP/1.3 forward request (a GET, as httpd's mod_proxy_ajp sends it), with or without the shared
// secret: what an attacker on the network would send to an exposed AJP port (CVE-2020-1938). CPING is not
// enough to test the secret: Tomcat answers it without one.
import { connect } from "node:net";

const FORWARD_REQUEST = 0x02;
const METHOD_GET = 0x02;
const HEADER_HOST = 0xa00b;
const ATTRIBUTE_SECRET = 0x0c;
const ATTRIBUTES_END = 0xff;
const SEND_BODY_CHUNK = 3;
const SEND_HEADERS = 4;
const END_RESPONSE = 5;

export interface AjpRequest {
  host: string;
  port: number;
  path?: string;
  /** The shared secret to send (attribute 0x0C); left out, the request carries none. */
  secret?: string;
  timeoutMs?: number;
}

export interface AjpResponse {
  /** The HTTP status Tomcat sent (SEND_HEADERS), if it sent one. */
  status?: number;
  body: string;
  /** Tomcat ended the response (END_RESPONSE). */
  ended: boolean;
  /** The connection was closed by the other side. */
  closed: boolean;
  /** A socket error code, e.g. ECONNREFUSED when nothing listens on that address. */
  error?: string;
}

function ajpString(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes, Buffer.from([0])]);
}

function uint16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value);
  return b;
}

/** The forward-request packet: the AJP13 fields in order, then attributes, then 0xFF. */
export function forwardRequestPacket({ host, port, path = "/", secret }: AjpRequest): Buffer {
  const payload = Buffer.concat([
    Buffer.from([FORWARD_REQUEST, METHOD_GET]),
    ajpString("HTTP/1.1"),
    ajpString(path),
    ajpString("0.0.0.0"), // remote_addr: not checked by Tomcat
    uint16(0xffff), // remote_host: null string
    ajpString(host), // server_name
    uint16(port),
    Buffer.from([0]), // is_ssl
    uint16(1),
    uint16(HEADER_HOST),
    ajpString(`${host}:${port}`),
    ...(secret === undefined ? [] : [Buffer.from([ATTRIBUTE_SECRET]), ajpString(secret)]),
    Buffer.from([ATTRIBUTES_END]),
  ]);
  return Buffer.concat([Buffer.from([0x12, 0x34]), uint16(payload.length), payload]);
}

/** Sends one forward request and reads the container's packets until END_RESPONSE, a close or the timeout. */
export function ajpGet(request: AjpRequest): Promise<AjpResponse> {
  const response: AjpResponse = { body: "", ended: false, closed: false };
  return new Promise((resolve) => {
    const socket = connect({ host: request.host, port: request.port });
    let pending = Buffer.alloc(0);
    const done = () => {
      socket.destroy();
      resolve(response);
    };
    socket.setTimeout(request.timeoutMs ?? 5000, () => {
      response.error = "timeout";
      done();
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      response.error = error.code ?? error.message;
      done();
    });
    socket.once("connect", () => socket.write(forwardRequestPacket(request)));
    socket.once("end", () => {
      response.closed = true;
      done();
    });
    socket.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      // Container packets: 'A' 'B', a 2-byte length, then the payload.
      while (pending.length >= 4 && pending.length >= 4 + pending.readUInt16BE(2)) {
        if (pending[0] !== 0x41 || pending[1] !== 0x42) {
          response.error = "not an AJP response";
          return done();
        }
        const payload = pending.subarray(4, 4 + pending.readUInt16BE(2));
        pending = pending.subarray(4 + payload.length);
        if (payload[0] === SEND_HEADERS) response.status = payload.readUInt16BE(1);
        else if (payload[0] === SEND_BODY_CHUNK) response.body += payload.subarray(3, 3 + payload.readUInt16BE(1)).toString("utf8");
        else if (payload[0] === END_RESPONSE) {
          response.ended = true;
          return done();
        }
      }
    });
  });
}
