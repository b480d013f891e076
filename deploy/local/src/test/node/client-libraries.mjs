// A standard OAuth client library meets our token server as partners' code does: openid-client discovers it
// from the issuer URL alone, then gets client_credentials tokens with HTTP Basic and with body credentials.
// Prints one JSON line; exits 1 on a failure.
//
// Environment: ISSUER (the partner host), CLIENT_ID, CLIENT_SECRET.
import * as client from 'openid-client';

const seen = {};
try {
  const issuer = new URL(process.env.ISSUER);
  const options = { execute: [client.allowInsecureRequests] }; // the local stack speaks plain HTTP
  for (const [method, authentication] of [['client_secret_basic', client.ClientSecretBasic],
    ['client_secret_post', client.ClientSecretPost]]) {
    const config = await client.discovery(issuer, process.env.CLIENT_ID, undefined,
      authentication(process.env.CLIENT_SECRET), options);
    const tokens = await client.clientCredentialsGrant(config, { scope: 'marketplace.order:read' });
    seen[method] = { tokenType: tokens.token_type, scope: tokens.scope, expiresIn: tokens.expires_in,
      tokenEndpoint: config.serverMetadata().token_endpoint };
  }
  console.log(JSON.stringify(seen));
} catch (error) {
  seen.error = String(error);
  console.log(JSON.stringify(seen));
  process.exitCode = 1;
}
