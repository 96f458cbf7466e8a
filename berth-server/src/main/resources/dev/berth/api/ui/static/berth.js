// Berth registry browser: copy buttons, dialogs, typed confirmations, live search, policy checks,
// pages that refresh themselves while the registry works (a running lifecycle preview).
// Pages work without it (forms post, links navigate); this only makes them quicker to use.
(function () {
  'use strict';
  var live = document.getElementById('live');

  function announce(text) {
    if (!live) { return; }
    live.textContent = '';
    setTimeout(function () { live.textContent = text; }, 30);
  }

  function copyFallback(text) {
    var ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.className = 'offscreen';
    document.body.appendChild(ta);
    ta.select();
    try { document.execCommand('copy'); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(ta);
  }

  function copied(button) {
    var label = button.textContent;
    button.textContent = 'Copied';
    announce('Copied to the clipboard');
    setTimeout(function () { button.textContent = label; }, 1500);
  }

  document.addEventListener('click', function (event) {
    var copy = event.target.closest('[data-copy]');
    if (copy) {
      var text = copy.getAttribute('data-copy');
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { copied(copy); },
          function () { copyFallback(text); copied(copy); });
      } else {
        copyFallback(text);
        copied(copy);
      }
      return;
    }
    var open = event.target.closest('[data-open]');
    if (open) {
      var dialog = document.getElementById(open.getAttribute('data-open'));
      if (dialog && dialog.showModal) {
        dialog.showModal();
        var first = dialog.querySelector('input:not([type=hidden]), [autofocus]');
        if (first) { first.focus(); }
      }
      return;
    }
    var close = event.target.closest('[data-close]');
    if (close) {
      var d = close.closest('dialog');
      if (d) { d.close(); }
    }
  });

  // A destructive submit waits until the name is typed exactly (the server checks it too).
  document.querySelectorAll('input[data-match]').forEach(function (input) {
    var submit = input.form.querySelector('[data-confirm-submit]');
    if (!submit) { return; }
    var check = function () { submit.disabled = input.value.trim() !== input.getAttribute('data-match'); };
    input.addEventListener('input', check);
    check();
  });

  // Live search over the repository table; the form still searches on the server without script.
  var filter = document.querySelector('input[data-filter]');
  if (filter) {
    var table = document.getElementById(filter.getAttribute('data-filter'));
    var status = document.getElementById('filter-status');
    if (table) {
      var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr[data-name]'));
      filter.addEventListener('input', function () {
        var q = filter.value.trim().toLowerCase();
        var shown = 0;
        rows.forEach(function (row) {
          var match = row.getAttribute('data-name').indexOf(q) >= 0;
          row.hidden = !match;
          if (match) { shown++; }
        });
        if (status) {
          status.textContent = q ? shown + ' of ' + rows.length + ' repositories match' : rows.length + ' repositories';
        }
      });
    }
  }

  // Policy editor: JSON syntax is checked as you type; the server validates the policy itself.
  var policy = document.getElementById('policyText');
  if (policy) {
    var out = document.getElementById('policy-check');
    var check = function () {
      if (!out) { return; }
      if (!policy.value.trim()) { out.textContent = ''; out.className = 'hint'; return; }
      try {
        JSON.parse(policy.value);
        out.textContent = 'Well-formed JSON.';
        out.className = 'hint ok';
      } catch (e) {
        out.textContent = 'Not well-formed JSON: ' + e.message;
        out.className = 'hint error';
      }
    };
    policy.addEventListener('input', check);
    check();
    var format = document.getElementById('policy-format');
    if (format) {
      format.addEventListener('click', function () {
        try { policy.value = JSON.stringify(JSON.parse(policy.value), null, 2); check(); } catch (e) { check(); policy.focus(); }
      });
    }
    var example = document.getElementById('policy-example');
    var exampleText = document.getElementById('policy-example-text');
    if (example && exampleText) {
      example.addEventListener('click', function () {
        policy.value = exampleText.content.textContent.trim();
        check();
        policy.focus();
      });
    }
  }
  // A page showing work in progress reloads itself after the delay it names (milliseconds).
  var reload = document.querySelector('[data-reload]');
  if (reload) {
    setTimeout(function () { window.location.reload(); }, parseInt(reload.getAttribute('data-reload'), 10) || 2000);
  }
})();
