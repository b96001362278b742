// A local SMTP catcher: takes every message sent to it (no TLS, no
// authentication, on 127.0.0.1 only), keeps the newest 500 in memory and
// shows them on a small web page. `scripts/dev` starts it for the app's
// mail; the Playwright tests read what the app sent from its JSON.
//
//   MAIL_SMTP_PORT (default 1025)   the app's BOOKSTORE_SMTP_URL=smtp://127.0.0.1:1025
//   MAIL_HTTP_PORT (default 1080)   http://127.0.0.1:1080/ lists the messages;
//                                   /messages.json?to=ADDRESS for scripts and tests
import http from 'node:http';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

const KEEP = 500;
const messages = [];
let next = 1;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  size: 2 * 1024 * 1024,
  banner: 'Bookstore mail catcher',
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        messages.push({
          id: next++,
          received: new Date().toISOString(),
          envelopeFrom: session.envelope.mailFrom && session.envelope.mailFrom.address,
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          from: mail.from ? mail.from.text : '',
          to: mail.to ? mail.to.text : '',
          subject: mail.subject || '',
          messageId: mail.messageId || '',
          contentType: mail.headers.get('content-type')?.value || '',
          text: mail.text || '',
          html: typeof mail.html === 'string' ? mail.html : '',
          headerLines: mail.headerLines.map((h) => h.line),
        });
        if (messages.length > KEEP) messages.splice(0, messages.length - KEEP);
        callback();
      })
      .catch((err) => callback(err));
  },
});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res) {
  const rows = messages.slice().reverse().map((m) => `<tr><td>${escape(m.received)}</td><td>${escape(m.to)}</td>
    <td><a href="/messages/${m.id}">${escape(m.subject)}</a></td></tr>`).join('');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Mail sent by Bookstore</title>
    <style>body{font-family:sans-serif;margin:2rem}td{padding:.3rem .8rem;border-bottom:1px solid #ddd}pre{white-space:pre-wrap}</style>
    <h1>Mail sent by Bookstore (${messages.length})</h1>
    <table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table></html>`);
}

function one(res, id, asHtml) {
  const m = messages.find((x) => x.id === id);
  if (!m) return res.writeHead(404, { 'content-type': 'text/plain' }).end('No such message (the catcher keeps the newest 500).');
  if (asHtml) {
    // The message's own HTML, with nothing allowed to load or run.
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
    return res.end(m.html);
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en"><meta charset="utf-8"><title>${escape(m.subject)}</title>
    <style>body{font-family:sans-serif;margin:2rem}pre{white-space:pre-wrap;background:#f6f3ee;padding:1rem}</style>
    <p><a href="/">All messages</a> · <a href="/messages/${m.id}.html">as HTML</a></p>
    <pre>${escape(m.headerLines.join('\n'))}</pre><pre>${escape(m.text)}</pre></html>`);
}

const web = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://catcher.invalid');
  if (req.method === 'DELETE' && url.pathname === '/messages') {
    messages.length = 0;
    return res.writeHead(204).end();
  }
  if (req.method !== 'GET') return res.writeHead(405).end();
  if (url.pathname === '/') return page(res);
  if (url.pathname === '/healthz') return res.writeHead(200).end('ok');
  if (url.pathname === '/messages.json') {
    const to = url.searchParams.get('to');
    const list = to ? messages.filter((m) => m.envelopeTo.includes(to)) : messages;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    return res.end(JSON.stringify(list));
  }
  const match = url.pathname.match(/^\/messages\/(\d+)(\.html)?$/);
  if (match) return one(res, Number(match[1]), Boolean(match[2]));
  res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
});

const smtpPort = Number(process.env.MAIL_SMTP_PORT ?? 1025);
const httpPort = Number(process.env.MAIL_HTTP_PORT ?? 1080);
smtp.listen(smtpPort, '127.0.0.1', () => {
  web.listen(httpPort, '127.0.0.1', () => {
    console.log(`mail catcher: SMTP on 127.0.0.1:${smtpPort}, messages at http://127.0.0.1:${httpPort}/`);
  });
});
smtp.on('error', (err) => console.error('mail catcher:', err.message));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    web.close();
    smtp.close(() => process.exit(0));
  });
}
