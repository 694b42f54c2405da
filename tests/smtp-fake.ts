// A minimal SMTP server on 127.0.0.1 for mail-delivery tests: it speaks just enough of RFC 5321 for
// nodemailer (EHLO without STARTTLS or AUTH, MAIL, RCPT, DATA, RSET, QUIT) and can refuse the first
// `refuse` attempts at MAIL FROM with a temporary 451, as a mail server that is down for a while does.
import { createServer, type Server, type Socket } from "node:net";
import nodemailer, { type Transporter } from "nodemailer";

export type FakeSmtp = {
  /** Every MAIL FROM seen (each is one delivery attempt), refused or not. */
  attempts: number;
  /** The messages accepted: recipients and the raw message (headers and body). */
  messages: Array<{ to: string[]; raw: string }>;
  /** How many of the next attempts to refuse (451); Infinity refuses every one. */
  refuse: number;
  transport: Transporter;
  close: () => Promise<void>;
};

export async function startFakeSmtp(options: { refuse?: number } = {}): Promise<FakeSmtp> {
  const sockets = new Set<Socket>();
  const fake = { attempts: 0, messages: [], refuse: options.refuse ?? 0 } as unknown as FakeSmtp;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.setEncoding("utf8");
    let buffer = "";
    let inData = false;
    let data = "";
    let to: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 fake.test ESMTP");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end === -1) return;
          data += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          fake.messages.push({ to, raw: data });
          data = "";
          to = [];
          reply("250 2.0.0 queued");
          continue;
        }
        const nl = buffer.indexOf("\r\n");
        if (nl === -1) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") socket.write("250-fake.test\r\n250 8BITMIME\r\n");
        else if (verb === "HELO") reply("250 fake.test");
        else if (verb === "MAIL") {
          fake.attempts += 1;
          if (fake.refuse > 0) {
            fake.refuse -= 1;
            reply("451 4.3.0 temporarily unavailable, try again later");
          } else reply("250 2.1.0 OK");
        } else if (verb === "RCPT") {
          to.push(line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, "$1"));
          reply("250 2.1.5 OK");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 end with <CRLF>.<CRLF>");
        } else if (verb === "RSET") {
          to = [];
          reply("250 2.0.0 OK");
        } else if (verb === "QUIT") {
          reply("221 2.0.0 bye");
          socket.end();
        } else if (verb === "NOOP") reply("250 2.0.0 OK");
        else reply("502 5.5.2 not implemented");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  fake.transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  fake.close = async () => {
    fake.transport.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
