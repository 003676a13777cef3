'use strict';
// Passkeys (WebAuthn) for the login page and the profile page. No inline script: sections carry their URLs and
// messages in data attributes. Binary fields travel as base64url strings, as the server expects them.
(function () {
  if (!window.PublicKeyCredential || !navigator.credentials) {
    return; // sections stay hidden; the one-time code still works
  }

  function fromB64u(s) {
    var b64 = s.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) { b64 += '='; }
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    return bytes.buffer;
  }

  function toB64u(buffer) {
    var bytes = new Uint8Array(buffer);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) { bin += String.fromCharCode(bytes[i]); }
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': csrfToken() },
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (json) {
        if (!r.ok) { throw new Error('http-' + r.status); }
        return json;
      });
    });
  }

  function say(section, key) {
    var out = section.querySelector('[data-passkey-status]');
    out.textContent = section.getAttribute('data-msg-' + key) || '';
    out.hidden = false;
    out.focus();
  }

  function ids(list) {
    return (list || []).map(function (c) {
      var d = { type: c.type, id: fromB64u(c.id) };
      if (c.transports) { d.transports = c.transports; }
      return d;
    });
  }

  function register(options) {
    var pk = options;
    pk.challenge = fromB64u(pk.challenge);
    pk.user.id = fromB64u(pk.user.id);
    pk.excludeCredentials = ids(pk.excludeCredentials);
    return navigator.credentials.create({ publicKey: pk }).then(function (cred) {
      return {
        id: cred.id, rawId: toB64u(cred.rawId), type: cred.type,
        response: {
          clientDataJSON: toB64u(cred.response.clientDataJSON),
          attestationObject: toB64u(cred.response.attestationObject),
          transports: cred.response.getTransports ? cred.response.getTransports() : []
        },
        clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {}
      };
    });
  }

  function login(options) {
    var pk = options;
    pk.challenge = fromB64u(pk.challenge);
    pk.allowCredentials = ids(pk.allowCredentials);
    return navigator.credentials.get({ publicKey: pk }).then(function (cred) {
      return {
        id: cred.id, rawId: toB64u(cred.rawId), type: cred.type,
        response: {
          clientDataJSON: toB64u(cred.response.clientDataJSON),
          authenticatorData: toB64u(cred.response.authenticatorData),
          signature: toB64u(cred.response.signature),
          userHandle: cred.response.userHandle ? toB64u(cred.response.userHandle) : null
        },
        clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {}
      };
    });
  }

  function start(section) {
    var ceremony = section.getAttribute('data-passkey') === 'register' ? register : login;
    say(section, 'working');
    post(section.getAttribute('data-options'))
      .then(ceremony)
      .then(function (answer) { return post(section.getAttribute('data-action'), answer); })
      .then(function (done) { window.location.assign(done.redirect); })
      .catch(function (e) {
        say(section, e && (e.name === 'NotAllowedError' || e.name === 'AbortError') ? 'cancelled' : 'refused');
      });
  }

  document.querySelectorAll('[data-passkey]').forEach(function (section) {
    section.hidden = false;
    section.querySelectorAll('[data-passkey-supported]').forEach(function (e) { e.hidden = false; });
    section.querySelectorAll('[data-passkey-unsupported]').forEach(function (e) { e.hidden = true; });
    var button = section.querySelector('[data-passkey-start]');
    if (button) {
      button.addEventListener('click', function () { start(section); });
    }
  });
})();
