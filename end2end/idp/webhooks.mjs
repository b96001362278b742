// Logto's webhooks, as the dev provider sends them: the payload Logto's data
// hooks carry (event, createdAt, hookId, data: the user), signed with the
// webhook's signing key (`logto-signature-sha-256`: hex HMAC-SHA-256 of the
// JSON body), retried like Logto's (3 retries). Settings: IDP_WEBHOOK_URL and
// IDP_WEBHOOK_SIGNING_KEY; without them nothing is sent.
import { createHmac } from 'node:crypto';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function webhookSender(env) {
  const url = env.IDP_WEBHOOK_URL;
  const key = env.IDP_WEBHOOK_SIGNING_KEY;
  if (!url || !key) return async () => {};
  return async (event, data) => {
    const payload = { hookId: 'dev-hook', event, createdAt: new Date().toISOString(), userAgent: 'dev identity provider', data };
    const body = JSON.stringify(payload);
    const signature = createHmac('sha256', key).update(body).digest('hex');
    for (let attempt = 0; attempt <= 3; attempt += 1) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Logto (https://logto.io/)', 'logto-signature-sha-256': signature },
          body,
        });
        if (response.ok) return;
        console.error(`webhook ${event} answered ${response.status}`);
      } catch (err) {
        console.error(`webhook ${event} failed: ${err.message}`);
      }
      await sleep(200 * 2 ** attempt);
    }
  };
}

/** Logto's Management API routes that fire data hooks, for the M2M app's token (`allowed`). */
export async function handleManagement(users, send, allowed, req, res) {
  if (!(await allowed(req))) return res.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"auth.unauthorized"}');
  const match = req.url.match(/^\/api\/users\/([^/?]+)(\/is-suspended)?$/);
  if (!match) return res.writeHead(404).end('Not found');
  const [, id, suspension] = match;
  let body = '';
  for await (const chunk of req) body += chunk;
  const input = body ? JSON.parse(body) : {};
  if (req.method === 'DELETE' && !suspension) {
    const user = users.userInfo(id);
    if (!user || !users.remove(id)) return res.writeHead(404).end('Not found');
    await send('User.Deleted', user);
    return res.writeHead(204).end();
  }
  if (req.method === 'PATCH' && suspension) {
    const user = users.update(id, { isSuspended: Boolean(input.isSuspended) });
    if (!user) return res.writeHead(404).end('Not found');
    await send('User.SuspensionStatus.Updated', user);
    return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(user));
  }
  if (req.method === 'PATCH') {
    const user = users.update(id, { name: input.name, email: input.primaryEmail });
    if (!user) return res.writeHead(404).end('Not found');
    await send('User.Data.Updated', user);
    return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(user));
  }
  return res.writeHead(405).end('Method not allowed');
}
