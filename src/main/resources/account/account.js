'use strict';
// The account page: plain JavaScript over the public API, nothing else. Tokens live in this page's memory only:
// closing or reloading it signs out of the page (the session lives on until it ends or is ended from the list).

const state = { login: null, accessToken: null, refreshToken: null, mfaToken: null, resetToken: null };

function $(id) {
  return document.getElementById(id);
}

function say(message, isError) {
  const status = $('status');
  status.textContent = message;
  status.className = isError ? 'error' : '';
}

/** An answer for a sign-in the page has left meanwhile (signed out, or in again): nothing to show. */
class StaleAnswer extends Error {
}

/**
 * One API call: JSON in and out; a problem document becomes an Error with its detail. A call made with the page's
 * token whose answer comes after the page signed out (a list still loading when the button was pressed) ends in a
 * StaleAnswer instead, so that it neither overwrites the page nor goes on to the next call.
 */
async function api(method, path, body, authorization) {
  const headers = {};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const pageToken = authorization ? null : state.accessToken;
  const auth = authorization || (pageToken ? 'Bearer ' + pageToken : null);
  if (auth) {
    headers.Authorization = auth;
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (pageToken && state.accessToken !== pageToken) {
    throw new StaleAnswer();
  }
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const problem = json || {};
    const fields = (problem.errors || []).map(e => e.field + ' ' + e.message).join('; ');
    const error = new Error((problem.detail || problem.title || response.statusText) + (fields ? ' (' + fields + ')' : ''));
    error.status = response.status;
    error.type = problem.type;
    throw error;
  }
  return json;
}

function basic(login, password) {
  const bytes = new TextEncoder().encode(login + ':' + password);
  let binary = '';
  bytes.forEach(b => { binary += String.fromCharCode(b); });
  return 'Basic ' + btoa(binary);
}

function userPath(suffix) {
  return '/user/' + encodeURIComponent(state.login) + (suffix || '');
}

/** What went wrong, in the status line; nothing for a stale answer. */
function report(error) {
  if (!(error instanceof StaleAnswer)) {
    say(error.message, true);
  }
}

function on(id, handler) {
  $(id).addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await handler(new FormData(event.target), event.target);
    } catch (error) {
      report(error);
    }
  });
}

function click(id, handler) {
  $(id).addEventListener('click', async () => {
    try {
      await handler();
    } catch (error) {
      report(error);
    }
  });
}

async function signedIn(answer) {
  state.login = answer.login;
  state.accessToken = answer.accessToken;
  state.refreshToken = answer.refreshToken;
  state.mfaToken = null;
  $('totp-step').hidden = true;
  $('signed-out').hidden = true;
  $('reset-finish').hidden = true;
  $('signed-in').hidden = false;
  $('account-login').textContent = state.login;
  say('Signed in.');
  await refreshAccount();
  $('account-title').focus();
}

async function refreshAccount() {
  const user = await api('GET', userPath());
  const enabled = user.totpEnabled;
  $('totp-state').textContent = enabled ? 'On.' : 'Off.';
  $('totp-on').hidden = enabled;
  $('totp-off').hidden = !enabled;
  await listPasskeys();
  await listSessions();
}

function item(list, text, buttonLabel, action) {
  const li = document.createElement('li');
  li.textContent = text + ' ';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = buttonLabel;
  button.addEventListener('click', async () => {
    try {
      await action();
    } catch (error) {
      report(error);
    }
  });
  li.appendChild(button);
  list.appendChild(li);
}

async function listPasskeys() {
  const list = $('passkeys');
  list.replaceChildren();
  const answer = await api('GET', userPath('/passkeys'));
  answer.passkeys.forEach(passkey => {
    const used = passkey.lastUsedAt ? 'last used ' + passkey.lastUsedAt : 'never used';
    item(list, passkey.name + ' (added ' + passkey.createdAt + ', ' + used + ')', 'Remove ' + passkey.name, async () => {
      await api('DELETE', userPath('/passkeys/' + passkey.id));
      say('Passkey removed.');
      await listPasskeys();
    });
  });
}

async function listSessions() {
  const list = $('sessions');
  list.replaceChildren();
  const answer = await api('GET', userPath('/sessions'));
  answer.sessions.forEach(session => {
    const text = (session.current ? 'This page: ' : '') + (session.userAgent || 'unknown client') + ', since ' + session.createdAt
      + ' (' + session.amr.join(', ') + ')';
    item(list, text, 'End', async () => {
      await api('DELETE', userPath('/sessions/' + session.id));
      if (session.current) {
        signOut('This session ended.');
      } else {
        say('Session ended.');
        await listSessions();
      }
    });
  });
}

function signOut(message) {
  Object.keys(state).forEach(key => { state[key] = null; });
  $('signed-in').hidden = true;
  $('signed-out').hidden = false;
  say(message);
}

function passkeysSupported() {
  return window.PublicKeyCredential && typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function';
}

on('sign-in', async form => {
  const answer = await api('POST', '/login', { login: form.get('login'), password: form.get('password') });
  if (answer.mfaRequired) {
    state.mfaToken = answer.mfaToken;
    $('totp-step').hidden = false;
    $('totp-step-code').focus();
    say('Enter the code from your authenticator app.');
  } else {
    await signedIn(answer);
  }
});

on('totp-step', async form => {
  const code = String(form.get('code')).trim();
  const body = /^[0-9]{6}$/.test(code) ? { mfaToken: state.mfaToken, code } : { mfaToken: state.mfaToken, recoveryCode: code };
  await signedIn(await api('POST', '/login/mfa', body));
});

click('passkey-sign-in', async () => {
  if (!passkeysSupported()) {
    throw new Error('This browser cannot use passkeys here.');
  }
  const options = await api('POST', '/passkeys/login/options');
  const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
  await signedIn(await api('POST', '/passkeys/login', credential.toJSON()));
});

on('sign-up', async (form, element) => {
  const body = { login: form.get('login'), password: form.get('password') };
  if (form.get('email')) {
    body.email = form.get('email');
  }
  await api('POST', '/user/', body);
  element.reset();
  say('Account created: sign in now.');
  $('sign-in-login').value = body.login;
  $('sign-in-password').focus();
});

on('reset-request', async form => {
  const value = String(form.get('login'));
  await api('POST', '/password-reset', value.includes('@') && !value.startsWith('@') ? { email: value } : { login: value });
  say('If the account has a verified email address, a link is on its way.');
});

on('reset-confirm', async (form, element) => {
  await api('POST', '/password-reset/confirm', { token: state.resetToken, newPassword: form.get('password') });
  state.resetToken = null;
  element.reset();
  $('reset-finish').hidden = true;
  $('signed-out').hidden = false;
  say('Password set: sign in with it now.');
});

on('passkey-add', async (form, element) => {
  if (!passkeysSupported()) {
    throw new Error('This browser cannot make passkeys here.');
  }
  const password = form.get('password');
  const options = await api('POST', '/passkeys/register/options', password ? { password } : undefined);
  const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
  const body = credential.toJSON();
  if (form.get('name')) {
    body.name = form.get('name');
  }
  await api('POST', '/passkeys/register', body);
  element.reset();
  say('Passkey added.');
  await listPasskeys();
});

on('totp-on', async (form, element) => {
  const enrollment = await api('POST', userPath('/totp'), undefined, basic(state.login, form.get('password')));
  element.reset();
  $('totp-uri').textContent = enrollment.uri;
  $('totp-qr').src = enrollment.qrCode;
  $('totp-confirm').hidden = false;
  $('totp-confirm-code').focus();
});

on('totp-confirm', async (form, element) => {
  const answer = await api('POST', userPath('/totp/confirm'), { code: form.get('code') });
  element.reset();
  $('totp-confirm').hidden = true;
  const codes = $('recovery-code-list');
  codes.replaceChildren();
  answer.recoveryCodes.forEach(code => {
    const li = document.createElement('li');
    li.textContent = code;
    codes.appendChild(li);
  });
  $('recovery-codes').hidden = false;
  say('Two-factor authentication is on.');
  await refreshAccount();
});

on('totp-off', async (form, element) => {
  await api('DELETE', userPath('/totp'), { password: form.get('password') });
  element.reset();
  say('Two-factor authentication is off.');
  await refreshAccount();
});

on('password-change', async (form, element) => {
  await api('PUT', userPath('/password'), { currentPassword: form.get('current'), newPassword: form.get('new') });
  element.reset();
  signOut('Password changed: every session ended, sign in again.');
});

click('sign-out', async () => {
  await api('POST', '/logout');
  signOut('Signed out.');
});

/** A link from a mail: the token is in the fragment, which never reaches a server; it is taken off the address bar. */
async function followLink() {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const token = fragment.get('token');
  if (!token) {
    return;
  }
  history.replaceState(null, '', window.location.pathname);
  if (fragment.get('action') === 'email-verify') {
    try {
      await api('POST', '/email/verify', { token });
      say('Email address verified.');
    } catch (error) {
      report(error);
    }
  } else {
    state.resetToken = token;
    $('signed-out').hidden = true;
    $('reset-finish').hidden = false;
    $('reset-password').focus();
  }
}

followLink();
