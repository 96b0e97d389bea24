// AJP/1.3 CPING/CPONG: the probe httpd itself sends (`ping=`); Tomcat answers it without the secret.
import { connect } from "node:net";

const CPING = Buffer.from([0x12, 0x34, 0x00, 0x01, 0x0a]);
const CPONG = Buffer.from([0x41, 0x42, 0x00, 0x01, 0x09]);

/** Whether an AJP connector answers CPING with CPONG on host:port within timeoutMs. */
export function cping(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write(CPING));
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= CPONG.length) done(received.subarray(0, CPONG.length).equals(CPONG));
    });
    socket.once("end", () => done(false));
  });
}
