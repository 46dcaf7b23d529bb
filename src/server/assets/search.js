// The search page works without this script (the buttons submit the form).
// With it: ticking a facet box or changing the sort submits at once, empty
// fields stay out of the URL, the control that was used gets the focus back
// after the reload (keyboard users keep their place), and the filters start
// folded on small screens.
(function () {
  'use strict';
  var KEY = 'oim-search-focus';
  document.documentElement.classList.add('js');

  var form = document.getElementById('recherche');
  var saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    sessionStorage.removeItem(KEY);
  } catch (e) {
    saved = null;
  }

  if (form && saved) {
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (el.name === saved.name && (saved.value === null || el.value === saved.value)) {
        el.focus();
        break;
      }
    }
  }

  var filters = document.getElementById('filtres');
  if (filters && !saved && window.matchMedia('(max-width: 48rem)').matches) {
    filters.open = false;
  }

  if (!form) {
    return;
  }

  // empty fields (no query, default sort) would only clutter the URL
  form.addEventListener('submit', function () {
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (el.name && !el.disabled && el.type !== 'checkbox' && el.value === '') {
        el.disabled = true;
        el.setAttribute('data-emptied', '');
      }
    }
  });

  // the back button may show this page from memory: give the fields back
  window.addEventListener('pageshow', function () {
    var emptied = form.querySelectorAll('[data-emptied]');
    for (var i = 0; i < emptied.length; i++) {
      emptied[i].disabled = false;
      emptied[i].removeAttribute('data-emptied');
    }
  });

  form.addEventListener('change', function (event) {
    var target = event.target;
    if (!target.hasAttribute('data-submit')) {
      return;
    }
    try {
      sessionStorage.setItem(KEY, JSON.stringify({
        name: target.name,
        value: target.type === 'checkbox' ? target.value : null
      }));
    } catch (e) {
      // private mode: submit without restoring the focus
    }
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  });
})();
