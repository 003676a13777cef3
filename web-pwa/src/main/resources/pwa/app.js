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

  var sw = document.documentElement.getAttribute('data-sw');
  if (sw && 'serviceWorker' in navigator) {
    window.addEventListener('load', function () {
      navigator.serviceWorker.register(sw, { scope: '/' }).catch(function () { /* the site works without it */ });
    });
  }
})();
