// Local stand-ins for the outside world the portal talks to in the browser tests:
// - an SMTP server (port STANDIN_SMTP_PORT) that accepts every message;
// - an HTTP server (port STANDIN_HTTP_PORT) speaking SMS.ru's `/sms/send` API.
// Tests read what was "delivered" from GET /inbox?to=<e-mail or +7…>.
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";
import http from "node:http";

const SMTP_PORT = Number(process.env.STANDIN_SMTP_PORT ?? 2525);
const HTTP_PORT = Number(process.env.STANDIN_HTTP_PORT ?? 3199);
const inbox = []; // { to, channel, subject, text, html }

new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        for (const rcpt of session.envelope.rcptTo) {
          inbox.push({ to: rcpt.address.toLowerCase(), channel: "email", subject: mail.subject, text: mail.text, html: mail.html || "" });
        }
        callback();
      })
      .catch(callback);
  },
}).listen(SMTP_PORT, "127.0.0.1");

function smsRu(form, res) {
  const to = String(form.get("to") ?? "");
  // Numbers ending in 0000 are "wrong numbers", the way SMS.ru answers them.
  const ok = !to.endsWith("0000");
  if (ok) inbox.push({ to: `+${to}`, channel: "sms", subject: "", text: String(form.get("msg") ?? ""), html: "" });
  res.setHeader("content-type", "application/json");
  res.end(
    JSON.stringify({
      status: "OK",
      status_code: 100,
      sms: { [to]: ok ? { status: "OK", status_code: 100, sms_id: "000-1" } : { status: "ERROR", status_code: 202, status_text: "Неправильно указан номер" } },
      balance: 100.0,
    }),
  );
}

http
  .createServer((req, res) => {
    const url = new URL(req.url, `http://${req.headers.host}`);
    if (req.method === "POST" && url.pathname === "/sms/send") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => smsRu(new URLSearchParams(body), res));
      return;
    }
    if (url.pathname === "/inbox") {
      const to = (url.searchParams.get("to") ?? "").toLowerCase();
      const found = inbox.filter((m) => m.to === to).at(-1);
      res.statusCode = found ? 200 : 404;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(found ?? null));
      return;
    }
    if (url.pathname === "/healthz") return res.end("ok");
    res.statusCode = 404;
    res.end();
  })
  .listen(HTTP_PORT, "127.0.0.1");
