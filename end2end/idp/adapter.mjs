// Storage for oidc-provider's state (sessions, interactions, codes, grants,
// tokens): plain maps with expiry and no size limit. The development adapter
// bundled with oidc-provider keeps only the 1,000 most recent entries, so a
// few hundred sign-ins at once (the load test) evict each other's
// interactions. Logto keeps the same state in PostgreSQL; this provider keeps
// it for as long as the process runs.
const entries = new Map(); // key -> { value, expiresAt }
const grants = new Map(); // grantId -> Set of keys

function put(key, value, expiresIn) {
  entries.set(key, { value, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
}

function live(key) {
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt <= Date.now()) {
    entries.delete(key);
    return undefined;
  }
  return entry.value;
}

// Expired entries go once a minute, so memory stays bounded by what is live.
setInterval(() => {
  const now = Date.now();
  for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
}, 60_000).unref();

/** The live sessions of an account (Logto reads them from its oidc_model_instances). */
export function sessionsOf(accountId) {
  const found = [];
  for (const key of entries.keys()) {
    if (!key.startsWith('Session:') || key.startsWith('Session:uid:')) continue;
    const payload = live(key);
    if (payload?.accountId === accountId) found.push({ payload: { ...payload, kind: 'Session' } });
  }
  return found;
}

export class MapAdapter {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  async upsert(id, payload, expiresIn) {
    const key = this.key(id);
    put(key, payload, expiresIn);
    if (payload.grantId) {
      if (!grants.has(payload.grantId)) grants.set(payload.grantId, new Set());
      grants.get(payload.grantId).add(key);
    }
    if (payload.uid) put(`${this.model}:uid:${payload.uid}`, id, expiresIn);
    if (payload.userCode) put(`${this.model}:userCode:${payload.userCode}`, id, expiresIn);
  }

  async find(id) {
    return live(this.key(id));
  }

  async findByUid(uid) {
    const id = live(`${this.model}:uid:${uid}`);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(userCode) {
    const id = live(`${this.model}:userCode:${userCode}`);
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id) {
    const value = live(this.key(id));
    if (value) value.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) {
    entries.delete(this.key(id));
  }

  async revokeByGrantId(grantId) {
    for (const key of grants.get(grantId) ?? []) entries.delete(key);
    grants.delete(grantId);
  }
}
