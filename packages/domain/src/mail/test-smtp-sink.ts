import { createServer, type Server, type Socket } from "node:net";

// A minimal SMTP server for integration tests and `npm run chaos`: accepts mail on 127.0.0.1 and
// keeps each message with the time it was accepted, or refuses every sender with a temporary error
// (451) while `failing` is set, as a mail server that is down for maintenance would, or takes
// `acceptDelayMs` to answer a message's final dot, as a slow one would. Enough of RFC 5321 for
// nodemailer; no TLS, no auth.

export interface SinkMessage {
  from: string;
  to: string[];
  data: string;
  /** Date.now() when the sink answered 250 to the message's final dot. */
  acceptedAt: number;
}

/** The Message-ID header of a raw message (headers end at the first empty line), or null. */
export function messageIdHeader(data: string): string | null {
  const headers = data.split("\n\n", 1)[0]!.replace(/\n[ \t]+/g, " ");
  return /^message-id:\s*(.+)$/im.exec(headers)?.[1]?.trim() ?? null;
}

export interface SmtpSink {
  url: string;
  messages: SinkMessage[];
  failing: boolean;
  acceptDelayMs: number;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const sockets = new Set<Socket>();
  const sink = { url: "", messages: [] as SinkMessage[], failing: false, acceptDelayMs: 0, close: async () => undefined };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let buffer = "";
    let inData = false;
    let current: SinkMessage = { from: "", to: [], data: "", acceptedAt: 0 };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 sink ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (let end = buffer.indexOf("\r\n"); end >= 0; end = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            const message = current;
            current = { from: "", to: [], data: "", acceptedAt: 0 };
            const accept = () => {
              sink.messages.push({ ...message, acceptedAt: Date.now() });
              reply("250 OK queued");
            };
            if (sink.acceptDelayMs > 0) setTimeout(accept, sink.acceptDelayMs);
            else accept();
          } else current.data += `${line.startsWith("..") ? line.slice(1) : line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") reply("250 sink");
        else if (verb === "MAIL") {
          if (sink.failing) reply("451 4.3.0 Try again later");
          else {
            current = { from: line.slice(10).trim(), to: [], data: "", acceptedAt: 0 };
            reply("250 OK");
          }
        } else if (verb === "RCPT") {
          current.to.push(line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, "$1"));
          reply("250 OK");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (verb === "RSET" || verb === "NOOP") reply("250 OK");
        else if (verb === "QUIT") {
          reply("221 Bye");
          socket.end();
        } else reply("502 Command not implemented");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("SMTP sink did not get a port");
  sink.url = `smtp://127.0.0.1:${address.port}`;
  sink.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return sink;
}
