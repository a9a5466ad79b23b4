// Loopback OpenID Connect provider for Ideaforge end-to-end tests.
//
//   OIDC_CONFIG='{"port":0,"clients":[...],"accounts":[...],"forge":null}' node tests/oidc/provider.mjs
//
// Prints exactly one line to stdout once listening: {"issuer":"http://127.0.0.1:NNNNN"}
// Everything else (logs, oidc-provider notices) goes to stderr. See README.md.

import * as crypto from 'node:crypto';
import * as http from 'node:http';

// oidc-provider prints some notices with console.info (stdout). stdout is reserved
// for the single "ready" line, so route every console method to stderr *before*
// the library is loaded (hence the dynamic import below).
const toStderr = (...args) => console.error(...args);
console.log = toStderr;
console.info = toStderr;
console.debug = toStderr;

const { default: Provider } = await import('oidc-provider');

function log(...args) {
  process.stderr.write(`[oidc-fixture] ${args.join(' ')}\n`);
}

function fail(message) {
  process.stderr.write(`[oidc-fixture] fatal: ${message}\n`);
  process.exit(1);
}

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

let config;
try {
  config = JSON.parse(process.env.OIDC_CONFIG ?? '{}');
} catch (err) {
  fail(`OIDC_CONFIG is not valid JSON: ${err.message}`);
}
if (config === null || typeof config !== 'object') fail('OIDC_CONFIG must be a JSON object');

const port = Number(config.port ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port: ${config.port}`);

const clients = config.clients ?? [];
if (!Array.isArray(clients) || clients.length === 0) fail('config.clients must be a non-empty array');
for (const c of clients) {
  if (!c.client_id || !c.client_secret || !Array.isArray(c.redirect_uris) || c.redirect_uris.length === 0) {
    fail('each client needs client_id, client_secret and a non-empty redirect_uris array');
  }
}

const accounts = config.accounts ?? [];
if (!Array.isArray(accounts)) fail('config.accounts must be an array');
for (const a of accounts) {
  if (!a.login || typeof a.password !== 'string' || !a.sub) fail('each account needs login, password and sub');
}

const forge = config.forge ?? null;
if (forge !== null && typeof forge !== 'object') fail('config.forge must be null or an object');

// Account fields that are not claims.
const NON_CLAIM_FIELDS = new Set(['login', 'password']);

function accountClaims(account) {
  const claims = {};
  for (const [k, v] of Object.entries(account)) {
    if (!NON_CLAIM_FIELDS.has(k)) claims[k] = v;
  }
  return claims;
}

// ---------------------------------------------------------------------------
// Keys: one RS256 signing key, generated at startup and published via jwks.
// A second key (never published) is used for forge.sign_with_other_key.
// ---------------------------------------------------------------------------

function makeRsaKey(kid) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  return { privateKey, jwk };
}

const signingKey = makeRsaKey(`fixture-${crypto.randomBytes(6).toString('hex')}`);
const rogueKey = makeRsaKey(signingKey.jwk.kid); // same kid on purpose: only the signature is wrong

function b64urlJson(value) {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function forgeIdToken(idToken) {
  const [h, p] = idToken.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  const { sign_with_other_key: otherKey = false, ...overrides } = forge;
  for (const [claim, value] of Object.entries(overrides)) {
    if (value === null) delete payload[claim];
    else payload[claim] = value;
  }
  const newHeader = { ...header, alg: 'RS256', kid: signingKey.jwk.kid };
  const signingInput = `${b64urlJson(newHeader)}.${b64urlJson(payload)}`;
  const key = otherKey ? rogueKey.privateKey : signingKey.privateKey;
  const signature = crypto.sign('sha256', Buffer.from(signingInput), key).toString('base64url');
  return `${signingInput}.${signature}`;
}

// ---------------------------------------------------------------------------
// HTML interaction pages (plain forms, no JavaScript)
// ---------------------------------------------------------------------------

function esc(value) {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body>
<h1>${esc(title)}</h1>
${body}
</body>
</html>
`;
}

function cancelForm(uid) {
  return `<form id="cancel-form" method="post" action="/interaction/${esc(uid)}/abort">
<button type="submit" id="cancel">Cancel</button>
</form>`;
}

function loginPage(uid, clientId, { error, login } = {}) {
  return page('Sign in', `<p>Sign in to continue to <strong id="client">${esc(clientId)}</strong>.</p>
${error ? `<p id="error" role="alert">${esc(error)}</p>` : ''}
<form id="login-form" method="post" action="/interaction/${esc(uid)}">
<p><label for="login">Login</label> <input type="text" id="login" name="login" value="${esc(login)}" autocomplete="username" autofocus></p>
<p><label for="password">Password</label> <input type="password" id="password" name="password" autocomplete="current-password"></p>
<p><button type="submit" id="submit">Sign in</button></p>
</form>
${cancelForm(uid)}`);
}

function consentPage(uid, clientId, scopes, claims) {
  return page('Authorize', `<p><strong id="client">${esc(clientId)}</strong> asks for access to your account.</p>
<p>Scopes: <span id="scopes">${esc(scopes.join(' '))}</span></p>
${claims.length ? `<p>Claims: <span id="claims">${esc(claims.join(' '))}</span></p>` : ''}
<form id="approve-form" method="post" action="/interaction/${esc(uid)}/confirm">
<button type="submit" id="approve">Allow</button>
</form>
${cancelForm(uid)}`);
}

function sendHtml(res, status, html) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(html));
  res.end(html);
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

// ---------------------------------------------------------------------------
// Provider
// ---------------------------------------------------------------------------

const server = http.createServer();
try {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
} catch (err) {
  fail(`cannot listen on 127.0.0.1:${port}: ${err.message}`);
}
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: clients.map((c) => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: c.redirect_uris,
    post_logout_redirect_uris: c.post_logout_redirect_uris ?? [],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic', // client_secret_post is accepted too
    id_token_signed_response_alg: 'RS256',
  })),
  jwks: { keys: [signingKey.jwk] },
  cookies: {
    keys: [crypto.randomBytes(32).toString('base64url')],
    // Cookies are scoped by host, not port: the relying party on 127.0.0.1 shares the
    // browser's cookie jar with us, so use names that cannot clash with the app's.
    names: { session: 'oidc_fixture_session', interaction: 'oidc_fixture_interaction', resume: 'oidc_fixture_resume' },
  },
  responseTypes: ['code'],
  scopes: ['openid', 'email', 'profile'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username', 'picture', 'locale'],
  },
  // Put the scope-granted claims into the ID token too (not only userinfo).
  conformIdTokenClaims: false,
  pkce: { required: () => true }, // only S256 exists in oidc-provider v9
  features: {
    devInteractions: { enabled: false },
    userinfo: { enabled: true },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    ClientCredentials: 600,
    DeviceCode: 600,
    BackchannelAuthenticationRequest: 600,
    PreAuthorizedCode: 600,
    IdToken: 3600,
    Interaction: 3600,
    Grant: 3600,
    RefreshToken: 3600,
    Session: 3600,
  },
  async findAccount(ctx, sub) {
    const account = accounts.find((a) => a.sub === sub);
    if (!account) return undefined;
    return {
      accountId: account.sub,
      async claims() {
        return accountClaims(account);
      },
    };
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Error', `<p id="error-code">${esc(out.error)}</p><p id="error-description">${esc(out.error_description)}</p>`);
  },
});

// Forge mode: rewrite the id_token in token endpoint responses.
if (forge) {
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route === 'token' && ctx.status === 200 && ctx.body && typeof ctx.body.id_token === 'string') {
      ctx.body = { ...ctx.body, id_token: forgeIdToken(ctx.body.id_token) };
      log('forged id_token in token response');
    }
  });
}

for (const event of ['server_error', 'authorization.error', 'grant.error', 'userinfo.error', 'discovery.error', 'jwks.error']) {
  provider.on(event, (ctx, err) => {
    log(`${event}: ${err?.error ?? ''} ${err?.error_description ?? err?.message ?? err}`);
  });
}

// ---------------------------------------------------------------------------
// Interaction routes
//   GET  /interaction/:uid          login page or consent page, depending on the prompt
//   POST /interaction/:uid          login (fields: login, password); during consent = approve
//   POST /interaction/:uid/confirm  consent approve
//   POST /interaction/:uid/abort    finish with error=access_denied
// ---------------------------------------------------------------------------

const INTERACTION_RE = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(confirm|abort))?\/?$/;

async function approveConsent(req, res, details) {
  const { prompt: { details: promptDetails }, params, session } = details;
  let { grantId } = details;
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (promptDetails.missingOIDCScope) grant.addOIDCScope(promptDetails.missingOIDCScope.join(' '));
  if (promptDetails.missingOIDCClaims) grant.addOIDCClaims(promptDetails.missingOIDCClaims);
  if (promptDetails.missingResourceScopes) {
    for (const [indicator, scopes] of Object.entries(promptDetails.missingResourceScopes)) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
  }
  grantId = await grant.save();
  const consent = details.grantId ? {} : { grantId };
  await provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
}

async function handleInteraction(req, res, uid, action) {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (err) {
    log(`interaction ${uid}: ${err.message}`);
    sendHtml(res, 400, page('Error', `<p id="error">Interaction session not found or expired (cookies required).</p>`));
    return;
  }
  if (details.uid !== uid) {
    sendHtml(res, 400, page('Error', '<p id="error">Interaction mismatch.</p>'));
    return;
  }
  const { prompt, params } = details;

  if (req.method === 'GET' && !action) {
    if (prompt.name === 'login') {
      sendHtml(res, 200, loginPage(uid, params.client_id, { login: params.login_hint }));
    } else if (prompt.name === 'consent') {
      const scopes = String(params.scope ?? '').split(' ').filter(Boolean);
      sendHtml(res, 200, consentPage(uid, params.client_id, scopes, prompt.details.missingOIDCClaims ?? []));
    } else {
      sendHtml(res, 400, page('Error', `<p id="error">Unsupported prompt ${esc(prompt.name)}.</p>`));
    }
    return;
  }

  if (req.method !== 'POST') {
    res.statusCode = 405;
    res.setHeader('Allow', action ? 'POST' : 'GET, POST');
    res.end();
    return;
  }

  const form = await readForm(req);

  if (action === 'abort' || form.get('action') === 'cancel') {
    log(`interaction ${uid}: aborted by user at ${prompt.name}`);
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'End-User aborted interaction',
    }, { mergeWithLastSubmission: false });
    return;
  }

  if (prompt.name === 'login') {
    if (action === 'confirm') {
      sendHtml(res, 400, page('Error', '<p id="error">Login required before consent.</p>'));
      return;
    }
    const login = form.get('login') ?? '';
    const password = form.get('password') ?? '';
    const account = accounts.find((a) => a.login === login);
    if (!account || account.password !== password) {
      log(`interaction ${uid}: invalid credentials for login=${JSON.stringify(login)}`);
      sendHtml(res, 200, loginPage(uid, params.client_id, { error: 'Invalid login or password.', login }));
      return;
    }
    log(`interaction ${uid}: login ok for ${account.sub}`);
    await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
    return;
  }

  if (prompt.name === 'consent') {
    log(`interaction ${uid}: consent approved`);
    await approveConsent(req, res, details);
    return;
  }

  sendHtml(res, 400, page('Error', `<p id="error">Unsupported prompt ${esc(prompt.name)}.</p>`));
}

const providerCallback = provider.callback();

server.on('request', (req, res) => {
  res.on('finish', () => log(`${req.method} ${req.url} -> ${res.statusCode}`));
  const path = (req.url ?? '/').split('?')[0];
  const m = INTERACTION_RE.exec(path);
  if (!m) {
    providerCallback(req, res);
    return;
  }
  handleInteraction(req, res, m[1], m[2]).catch((err) => {
    log(`interaction error: ${err.stack ?? err}`);
    if (!res.headersSent) sendHtml(res, 500, page('Error', `<p id="error">${esc(err.message)}</p>`));
    else res.end();
  });
});

// ---------------------------------------------------------------------------
// Ready + lifecycle
// ---------------------------------------------------------------------------

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
log(`listening, issuer ${issuer}${forge ? `, forge ${JSON.stringify(forge)}` : ''}`);

function shutdown(signal) {
  log(`${signal}, shutting down`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

// If the test process that spawned us dies without killing us, exit too.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) shutdown('parent exited');
}, 1000).unref();
