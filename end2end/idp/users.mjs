// Accounts of the dev identity provider: a few seeded readers plus whoever
// signs up while it runs (kept in memory, like the rest of its state).
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

// Roles as a Logto tenant would assign them: Ada is staff (admin), Grace a
// plain reader, Alan buys for a book club (organization role `purchaser`).
export const SEEDED_USERS = [
  { username: 'ada', password: 'bookstore-ada', name: 'Ada Lovelace', email: 'ada@bookstore.test', roles: ['admin', 'reader'] },
  { username: 'grace', password: 'bookstore-grace', name: 'Grace Hopper', email: 'grace@bookstore.test', roles: ['reader'] },
  { username: 'alan', password: 'bookstore-alan', name: '', email: 'alan@bookstore.test', roles: [] },
];

// Organizations (Logto's multi-tenancy): members and their organization roles.
export const ORGANIZATIONS = [
  {
    id: 'org-bletchley',
    name: 'Bletchley Park Book Club',
    description: 'Reads one classic a month and orders together.',
    members: { alan: ['purchaser'], grace: ['member'] },
  },
];

// API resource permissions granted by each role (Logto RBAC).
const ROLE_PERMISSIONS = {
  'https://api.bookstore.test': { admin: ['read:orders', 'write:books'], reader: ['read:orders'] },
};
// Organization permissions granted by each organization role.
const ORGANIZATION_ROLE_PERMISSIONS = { purchaser: ['read:orders', 'create:orders'], member: [] };
// New accounts get the default role, as a Logto tenant's default roles do.
const DEFAULT_ROLES = ['reader'];

// Seeded accounts hash at start-up; sign-ins and sign-ups hash off the event
// loop (libuv's thread pool), so one slow hash never holds up token requests.
// Cost 2^12, a quarter of Node's default: this provider runs beside the shop
// on the test machine, and the load test signs up hundreds at once.
const COST = { N: 4096 };
const hashNow = (password, salt) => scryptSync(password, salt, 32, COST);
const hash = promisify((password, salt, done) => scrypt(password, salt, 32, COST, done));
const USERNAME = /^[A-Za-z_][A-Za-z0-9_]{2,31}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class Users {
  #byId = new Map();

  constructor() {
    SEEDED_USERS.forEach((user, i) => this.#add(user, `user-${String(i + 1).padStart(4, '0')}`));
  }

  #add({ username, password, name, email, roles = DEFAULT_ROLES }, id = `user-${randomBytes(8).toString('hex')}`, salt = randomBytes(16), passwordHash = hashNow(password, salt)) {
    const now = Math.floor(Date.now() / 1000);
    this.#byId.set(id, { id, username, name, email, roles, salt, hash: passwordHash, created_at: now, updated_at: now });
    return id;
  }

  /** The organizations `id` belongs to, with its roles in each. */
  memberships(id) {
    const user = this.#byId.get(id);
    if (!user) return [];
    return ORGANIZATIONS.filter((org) => org.members[user.username]).map((org) => ({
      organization: org,
      roles: org.members[user.username],
    }));
  }

  /** The permissions (scopes) the user's roles grant on an API resource. */
  permissions(id, resource) {
    const user = this.#byId.get(id);
    const byRole = ROLE_PERMISSIONS[resource] || {};
    return [...new Set((user?.roles || []).flatMap((role) => byRole[role] || []))];
  }

  /** The organization permissions the user has in `organizationId`, or undefined if not a member. */
  organizationPermissions(id, organizationId) {
    const membership = this.memberships(id).find((m) => m.organization.id === organizationId);
    if (!membership) return undefined;
    return [...new Set(membership.roles.flatMap((role) => ORGANIZATION_ROLE_PERMISSIONS[role] || []))];
  }

  #find(identifier) {
    const wanted = String(identifier || '').trim().toLowerCase();
    return [...this.#byId.values()].find((u) => u.username.toLowerCase() === wanted || u.email.toLowerCase() === wanted);
  }

  /** The account id for a username or e-mail and password, or undefined. */
  async authenticate(identifier, password) {
    const user = this.#find(identifier);
    // Hash even for unknown users, so timing does not reveal who exists.
    const candidate = await hash(String(password || ''), user ? user.salt : Buffer.alloc(16));
    // A suspended account cannot sign in (Logto refuses it the same way).
    return user && !user.suspended && timingSafeEqual(candidate, user.hash) ? user.id : undefined;
  }

  /** Creates an account; returns { id } or { errors: { field: message key (idp/messages.mjs) } }. */
  async register({ username, name, email, password }) {
    const errors = {};
    if (!USERNAME.test(username || '')) errors.username = 'username_format';
    else if (this.#find(username)) errors.username = 'username_taken';
    if (!EMAIL.test(email || '')) errors.email = 'email_format';
    else if (this.#find(email)) errors.email = 'email_taken';
    if (String(password || '').length < 8) errors.password = 'password_short';
    if (Object.keys(errors).length) return { errors };
    const salt = randomBytes(16);
    const passwordHash = await hash(password, salt);
    // Checked again: another sign-up may have taken the name while this one hashed.
    if (this.#find(username) || this.#find(email)) return { errors: { username: 'username_taken' } };
    return { id: this.#add({ username, name: (name || '').trim(), email, password }, undefined, salt, passwordHash) };
  }

  /**
   * A social connector's answer (`target`, the e-mail it vouches for): the
   * account with that e-mail, else a new one, as Logto links or registers.
   * Returns { id } or { errors }.
   */
  async social(target, { email, name }) {
    if (!EMAIL.test(email || '')) return { errors: { email: 'email_format' } };
    const { id, created } = this.byEmail(email, name);
    const user = this.#byId.get(id);
    if (created) user.identities = { [target]: email };
    else (user.identities ||= {})[target] = email;
    return { id };
  }

  /** The user with this e-mail address, or a new one (a username made from it, a random password). */
  byEmail(email, name = '') {
    const known = this.#find(email);
    if (known) return { id: known.id, created: false };
    const base = String(email).split('@')[0].replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z_]/, 'u').slice(0, 24).padEnd(3, '_');
    let username = base;
    while (this.#find(username)) username = `${base}_${randomBytes(3).toString('hex')}`;
    const password = randomBytes(24).toString('base64url');
    return { id: this.#add({ username, name: String(name || '').trim(), email, password }), created: true };
  }


  /** Sets a new password for a username or e-mail; the account id, or undefined. */
  async resetPassword(identifier, password) {
    const user = this.#find(identifier);
    if (!user || String(password || '').length < 8) return undefined;
    user.salt = randomBytes(16);
    user.hash = await hash(password, user.salt);
    user.updated_at = Math.floor(Date.now() / 1000);
    return user.id;
  }

  /** The user as Logto's data hooks send it (its userInfoSelectFields). */
  userInfo(id) {
    const user = this.#byId.get(id);
    if (!user) return undefined;
    return {
      id, username: user.username, primaryEmail: user.email, primaryPhone: null, name: user.name || null,
      avatar: null, customData: {}, identities: user.identities || {}, profile: {}, applicationId: null,
      isSuspended: Boolean(user.suspended), lastSignInAt: null,
      createdAt: user.created_at * 1000, updatedAt: user.updated_at * 1000,
    };
  }

  /** Deletes an account (Logto's DELETE /api/users/:userId). */
  remove(id) {
    return this.#byId.delete(id);
  }

  /** Changes an account's name, e-mail or suspension; its new userInfo. */
  update(id, { name, email, isSuspended }) {
    const user = this.#byId.get(id);
    if (!user) return undefined;
    if (name !== undefined) user.name = String(name ?? '').trim();
    if (email !== undefined && EMAIL.test(email || '')) user.email = email;
    if (isSuspended !== undefined) user.suspended = isSuspended;
    user.updated_at = Math.floor(Date.now() / 1000);
    return this.userInfo(id);
  }

  /** oidc-provider's findAccount result. */
  account(id) {
    const user = this.#byId.get(id);
    if (!user) return undefined;
    const memberships = this.memberships(id);
    return {
      accountId: id,
      // As Logto: organization_data only from userinfo, never in the ID token.
      claims: (use) => ({
        roles: user.roles,
        organizations: memberships.map((m) => m.organization.id),
        organization_roles: memberships.flatMap((m) => m.roles.map((role) => `${m.organization.id}:${role}`)),
        ...(use === 'userinfo'
          ? { organization_data: memberships.map(({ organization: { id: oid, name, description } }) => ({ id: oid, name, description })) }
          : {}),
        sub: id,
        name: user.name || null,
        username: user.username,
        picture: null,
        email: user.email,
        email_verified: true,
        created_at: user.created_at,
        updated_at: user.updated_at,
      }),
    };
  }
}
