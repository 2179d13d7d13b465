// The registration form's anti-robot check (ALTCHA, static/vendor/altcha). The widget's
// "external" build carries no worker of its own, so that it runs under the portal's
// Content Security Policy: the PBKDF2 worker is served as a file, its URL (with the
// static files' hash) given by this script tag.
(function () {
  "use strict";
  var script = document.currentScript;
  var worker = script && script.getAttribute("data-worker");
  if (!worker || !window.$altcha) return;
  window.$altcha.algorithms.set("PBKDF2/SHA-256", function () {
    return new Worker(worker);
  });
})();
