// Visor gallery: the light/dark theme toggle (remembered where the browser allows storage; file:// may not).
(function () {
  var KEY = 'visor-theme';
  var root = document.documentElement;
  function stored() { try { return window.localStorage.getItem(KEY); } catch (e) { return null; } }
  function store(v) { try { window.localStorage.setItem(KEY, v); } catch (e) { /* no storage: the choice lasts this page */ } }
  var t = stored();
  if (t === 'light' || t === 'dark') { root.setAttribute('data-theme', t); }
  document.addEventListener('DOMContentLoaded', function () {
    var b = document.getElementById('theme-toggle');
    if (!b) { return; }
    b.addEventListener('click', function () {
      var cur = root.getAttribute('data-theme');
      var dark = cur ? cur === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches;
      var next = dark ? 'light' : 'dark';
      root.setAttribute('data-theme', next);
      store(next);
    });
  });
})();
