// Organization tokens as Logto issues them (its RFC 0001): the refresh-token
// grant with `organization_id` and no `resource` answers an access token for
// audience `urn:logto:organization:<id>` whose scope is the member's
// organization permissions. oidc-provider has no such grant, so its
// refresh_token handler is wrapped, as Logto itself does.
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { errors } from 'oidc-provider';
import instance from 'oidc-provider/lib/helpers/weak_cache.js';

export const ORGANIZATIONS_SCOPE = 'urn:logto:scope:organizations';
const TTL = 3600;

export function enableOrganizationTokens(provider, users, signingKey, privateKey) {
  const internals = instance(provider);
  const original = internals.grantTypeHandlers.get('refresh_token');
  internals.grantTypeParams.get('refresh_token').add('organization_id');
  internals.grantTypeParams.get(undefined).add('organization_id');
  internals.grantTypeHandlers.set('refresh_token', async (ctx) => {
    const { organization_id: organizationId, resource } = ctx.oidc.params;
    if (!organizationId || resource) return original(ctx);
    const refreshToken = await provider.RefreshToken.find(ctx.oidc.params.refresh_token);
    if (!refreshToken || refreshToken.isExpired) throw new errors.InvalidGrant('refresh token not found');
    if (refreshToken.clientId !== ctx.oidc.client.clientId) throw new errors.InvalidGrant('client mismatch');
    if (!String(refreshToken.scope || '').split(' ').includes(ORGANIZATIONS_SCOPE)) {
      throw new errors.InsufficientScope('refresh token lacks the organizations scope', ORGANIZATIONS_SCOPE);
    }
    const permissions = users.organizationPermissions(refreshToken.accountId, organizationId);
    if (!permissions) throw new errors.AccessDenied('the user is not a member of the organization');
    const requested = ctx.oidc.params.scope ? ctx.oidc.params.scope.split(' ') : permissions;
    const scope = permissions.filter((p) => requested.includes(p)).join(' ');
    const accessToken = await new SignJWT({ scope, client_id: ctx.oidc.client.clientId })
      .setProtectedHeader({ alg: signingKey.alg, kid: signingKey.kid, typ: 'at+jwt' })
      .setIssuer(provider.issuer)
      .setSubject(refreshToken.accountId)
      .setAudience(`urn:logto:organization:${organizationId}`)
      .setIssuedAt()
      .setExpirationTime(`${TTL}s`)
      .setJti(randomBytes(16).toString('base64url'))
      .sign(privateKey);
    ctx.body = { access_token: accessToken, expires_in: TTL, token_type: 'Bearer', scope };
  });
}
