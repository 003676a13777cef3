// The cohort upload with a progress bar: the same multipart POST as the form without script, sent by XHR for its
// upload progress events. No inline code, no eval: the CSP's script-src 'self' allows this file only.
(function () {
  'use strict';
  var form = document.getElementById('cohort-form');
  if (!form || !window.FormData) {
    return;
  }
  var bar = document.getElementById('upload-progress');
  var status = document.getElementById('upload-status');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var xhr = new XMLHttpRequest();
    var button = form.querySelector('button[type=submit]');
    button.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    status.textContent = form.getAttribute('data-sending');
    xhr.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round(100 * e.loaded / e.total);
        bar.textContent = bar.value + ' %';
      }
    });
    xhr.upload.addEventListener('load', function () {
      bar.value = 100;
      status.textContent = form.getAttribute('data-importing');
    });
    xhr.addEventListener('load', function () {
      if (xhr.status >= 200 && xhr.status < 300) {
        // The server answered with the campaign's page after its redirect: go there.
        window.location.assign(xhr.responseURL);
        return;
      }
      // A refused file: show the server's page content (the same as without script).
      var doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
      var main = doc.getElementById('contenu');
      if (main) {
        document.getElementById('contenu').replaceChildren.apply(document.getElementById('contenu'),
          Array.prototype.slice.call(main.childNodes).map(function (n) { return document.importNode(n, true); }));
      }
    });
    xhr.addEventListener('error', function () {
      button.disabled = false;
      status.textContent = form.getAttribute('data-failed');
    });
    xhr.open('POST', form.action);
    xhr.send(new FormData(form));
  });
})();
