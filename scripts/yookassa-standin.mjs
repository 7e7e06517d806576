// A stand-in for YooKassa's v3 API, for scripts/bench-accounts.sh: POST /v3/payments answers
// 200 with a pending payment object echoing the request's amount; GET /v3/payments/{id}
// answers the same object. Node's own http module only, no npm packages.
//
//   node scripts/yookassa-standin.mjs 3390
import http from "node:http";
import { randomUUID } from "node:crypto";

const port = Number(process.argv[2] || 3390);
const payments = new Map();
let created = 0;

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    if (req.method === "POST" && req.url === "/v3/payments") {
      let value;
      try {
        value = JSON.parse(Buffer.concat(chunks).toString("utf8")).amount.value;
      } catch {
        return send(res, 400, { type: "error", code: "invalid_request" });
      }
      const id = randomUUID();
      const payment = {
        id,
        status: "pending",
        amount: { value: String(value), currency: "RUB" },
        confirmation: { type: "redirect", confirmation_url: `https://yoomoney.test/checkout/${id}` },
      };
      if (payments.size < 100000) payments.set(id, payment);
      created += 1;
      return send(res, 200, payment);
    }
    const m = req.method === "GET" && req.url.match(/^\/v3\/payments\/([0-9a-f-]+)$/);
    if (m && payments.has(m[1])) return send(res, 200, payments.get(m[1]));
    send(res, 404, { type: "error", code: "not_found" });
  });
});
server.keepAliveTimeout = 60000;
server.listen(port, "127.0.0.1", () => console.log(`yookassa stand-in on 127.0.0.1:${port}`));
process.on("SIGTERM", () => {
  console.log(`payments created: ${created}`);
  process.exit(0);
});
