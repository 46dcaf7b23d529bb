// The search page works without this script (the buttons submit the form).
// With it: ticking a facet box submits at once, and so does a sort picked
// with a pointer (never arrow keys on a menu: WCAG 3.2.2, the "Trier"
// button is there for the keyboard); empty fields stay out of the URL; the
// control that was used gets the focus back after the reload (keyboard
// users keep their place); long facet lists get a box that filters them;
// and the filters start folded on small screens.
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

  // long facet lists: a box that keeps the values containing what is typed,
  // ignoring case and accents; the folded "more" part opens while filtering
  var fold = function (text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  };
  var boxes = document.querySelectorAll('[data-facet-filter]');
  for (var b = 0; b < boxes.length; b++) {
    (function (box) {
      var facet = document.getElementById(box.getAttribute('data-facet-filter'));
      if (!facet) {
        return;
      }
      box.parentNode.hidden = false;
      var items = facet.querySelectorAll('li');
      var more = facet.querySelector('details.more');
      var wasOpen = more ? more.open : false;
      box.addEventListener('input', function () {
        var wanted = fold(box.value.trim());
        for (var i = 0; i < items.length; i++) {
          var label = items[i].querySelector('label');
          items[i].hidden = wanted !== '' && fold(label ? label.textContent : '').indexOf(wanted) < 0;
        }
        if (more) {
          more.open = wanted !== '' || wasOpen;
        }
      });
      // Enter in the box filters; it must not submit the search
      box.addEventListener('keydown', function (event) {
        if (event.key === 'Enter') {
          event.preventDefault();
        }
      });
    })(boxes[b]);
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

  // how the last menu was used: a change from the keyboard only moves the
  // selection, a change from a pointer (a click in the open list) submits
  var pointer = false;
  form.addEventListener('pointerdown', function () {
    pointer = true;
  }, true);
  form.addEventListener('keydown', function () {
    pointer = false;
  }, true);

  form.addEventListener('change', function (event) {
    var target = event.target;
    var submits = target.hasAttribute('data-submit') ||
      (target.hasAttribute('data-pointer-submit') && pointer);
    if (!submits) {
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
