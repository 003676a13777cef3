'use strict';
// The only script of the patient space besides htmx. No inline script anywhere (the CSP forbids it).
(function () {
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  // Every htmx request carries the page's CSRF token in a header; plain forms carry it in a hidden field.
  document.addEventListener('htmx:configRequest', function (event) {
    event.detail.headers['X-CSRF-Token'] = csrfToken();
  });

  // 4xx answers are swapped like 2xx (the meta htmx-config's responseHandling): the server answers a form's errors as
  // the same fragment with the messages in it. What htmx would otherwise drop silently shows in the page's alert
  // region: a 5xx (ours comes as a fragment aimed at that region by HX-Retarget), an answer that is not HTML (a
  // proxy's or the gateway's problem document), or no answer at all.
  function alertRegion() {
    return document.getElementById('app-alert');
  }

  function showAlert(messageAttribute) {
    var region = alertRegion();
    if (!region) {
      return;
    }
    var box = document.createElement('div');
    box.className = 'notice error';
    box.setAttribute('role', 'alert');
    box.setAttribute('tabindex', '-1');
    box.textContent = region.getAttribute(messageAttribute) || '';
    region.replaceChildren(box);
    box.focus();
  }

  document.addEventListener('htmx:beforeRequest', function () {
    var region = alertRegion();
    if (region) {
      region.replaceChildren();
    }
  });

  document.addEventListener('htmx:beforeSwap', function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || xhr.status < 400) {
      return;
    }
    var html = (xhr.getResponseHeader('Content-Type') || '').indexOf('text/html') === 0;
    var aimed = xhr.getResponseHeader('HX-Retarget') === '#app-alert';
    if (html && (xhr.status < 500 || aimed)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    } else {
      event.detail.shouldSwap = false;
      showAlert('data-msg-server');
    }
  });

  document.addEventListener('htmx:sendError', function () {
    showAlert('data-msg-network');
  });

  // After a fragment is swapped in, move focus to its heading or message so keyboard and screen-reader users
  // hear the result.
  document.addEventListener('htmx:afterSettle', function (event) {
    var root = event.detail.elt;
    var target = root && root.matches && root.matches('[data-focus]') ? root
      : root && root.querySelector ? root.querySelector('[data-focus]') : null;
    if (target) {
      target.focus();
    }
  });

  // Print buttons (receipt, directives) without inline handlers.
  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('[data-print]') : null;
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  // On a phone the menu folds behind its button (the CSS shows it unfolded on wider screens). Without this script
  // the button stays hidden and the menu open.
  var nav = document.querySelector('nav.main-nav');
  var toggle = nav ? nav.querySelector('.menu-toggle') : null;
  if (toggle) {
    nav.classList.add('foldable', 'folded');
    toggle.hidden = false;
    toggle.addEventListener('click', function () {
      var folded = nav.classList.toggle('folded');
      toggle.setAttribute('aria-expanded', folded ? 'false' : 'true');
    });
    nav.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && !nav.classList.contains('folded')) {
        nav.classList.add('folded');
        toggle.setAttribute('aria-expanded', 'false');
        toggle.focus();
      }
    });
  }

  // Idle logout, said before it happens: the server ends a session after its idle timeout (meta session-idle). Shortly
  // before, a warning takes the focus; "Rester connecté", any htmx request and typing in a form (at most once per warning
  // lead) refresh the session. Once it has ended, the page goes to the login page, which says "vous êtes déconnecté".
  var idle = document.querySelector('meta[name="session-idle"]');
  if (idle) {
    var idleMs = parseInt(idle.getAttribute('content'), 10) * 1000;
    var warnMs = parseInt(idle.getAttribute('data-warn'), 10) * 1000;
    var keepAliveUrl = idle.getAttribute('data-keep-alive');
    var expiredUrl = idle.getAttribute('data-expired');
    var warning = document.getElementById('idle-warning');
    var lastContact = Date.now();
    var warnTimer = null;
    var endTimer = null;

    var hideWarning = function () {
      if (warning && !warning.hidden) {
        warning.hidden = true;
      }
    };
    var showWarning = function () {
      if (warning) {
        warning.hidden = false;
        warning.focus();
      }
    };
    var schedule = function () {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      warnTimer = setTimeout(showWarning, Math.max(0, idleMs - warnMs));
      // A little after the server's deadline, so that the session is surely gone when the login page loads.
      endTimer = setTimeout(function () { window.location.assign(expiredUrl); }, idleMs + 1500);
    };
    var contact = function () {
      lastContact = Date.now();
      hideWarning();
      schedule();
    };
    var keepAlive = function () {
      lastContact = Date.now();
      return fetch(keepAliveUrl, { method: 'POST', credentials: 'same-origin', redirect: 'manual',
        headers: { 'X-CSRF-Token': csrfToken() } })
        .then(function (response) {
          if (response.status === 204) {
            contact();
          } else {
            window.location.assign(expiredUrl);
          }
        })
        .catch(function () { /* no network: the timers stand, the server decides */ });
    };
    document.addEventListener('htmx:afterRequest', contact);
    document.addEventListener('input', function () {
      if (Date.now() - lastContact > warnMs) {
        keepAlive();
      }
    });
    if (warning) {
      warning.querySelector('[data-stay]').addEventListener('click', keepAlive);
    }
    schedule();
  }

  var sw = document.documentElement.getAttribute('data-sw');
  if (sw && 'serviceWorker' in navigator) {
    window.addEventListener('load', function () {
      navigator.serviceWorker.register(sw, { scope: '/' }).catch(function () { /* the site works without it */ });
    });
  }
})();
