// The search page works without this script (the buttons submit the form).
// With it: ticking a facet box submits at once, and so does a sort picked
// with a pointer (never arrow keys on a menu: WCAG 3.2.2, the "Trier"
// button is there for the keyboard); empty fields stay out of the URL; the
// control that was used gets the focus back after the reload (keyboard
// users keep their place); long facet lists get a box that filters them;
// the filters and the chart start folded on small screens; and results
// follow the typing in the search box.
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
  var initFacetFilters = function (root) {
    var boxes = root.querySelectorAll('[data-facet-filter]');
    for (var b = 0; b < boxes.length; b++) {
      initFacetFilter(boxes[b]);
    }
  };
  var initFacetFilter = function (box) {
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
  };
  initFacetFilters(document);

  // on a phone the filters and the chart start folded, so that the first
  // result shows on the first screen
  var small = window.matchMedia('(max-width: 48rem)').matches;
  var filters = document.getElementById('filtres');
  if (filters && !saved && small) {
    filters.open = false;
  }
  var figures = document.getElementById('chiffres');
  if (figures && small) {
    figures.open = false;
  }

  if (!form) {
    return;
  }

  // search as you type: after a short pause, the filters and results of the
  // words typed so far replace those of the page, rendered by the server as
  // the page renders them (/api/search?render=html), and the URL follows so
  // the page stays shareable. Enter still loads the whole page.
  var box = document.getElementById('q');
  var region = document.getElementById('resultats');
  var announce = document.getElementById('annonce');
  if (box && region && window.fetch && window.URLSearchParams && window.history.replaceState) {
    var base = (form.getAttribute('action') || '/').replace(/\/$/, '');
    var typed = box.value;
    var timer = null;
    var pending = null;
    var formQuery = function () {
      var params = new URLSearchParams();
      var data = new FormData(form);
      data.forEach(function (value, key) {
        if (value !== '' && key !== 'page') {
          params.append(key, value);
        }
      });
      return params.toString();
    };
    var show = function (html, query) {
      // what the reader opened or folded stays so
      var folded = {};
      ['filtres', 'chiffres'].forEach(function (id) {
        var el = document.getElementById(id);
        if (el) {
          folded[id] = el.open;
        }
      });
      region.innerHTML = html;
      Object.keys(folded).forEach(function (id) {
        var el = document.getElementById(id);
        if (el) {
          el.open = folded[id];
        }
      });
      initFacetFilters(region);
      window.history.replaceState(null, '', base + '/' + (query ? '?' + query : ''));
      var words = box.value.trim();
      document.title = words ? words + ' \u2013 Recherche OIM' : 'Recherche OIM';
      var heading = document.getElementById('titre');
      if (announce && heading) {
        announce.textContent = heading.textContent;
      }
    };
    var update = function () {
      if (box.value === typed) {
        return;
      }
      typed = box.value;
      var query = formQuery();
      if (pending && pending.abort) {
        pending.abort();
      }
      pending = window.AbortController ? new AbortController() : null;
      var url = base + '/api/search?' + (query ? query + '&' : '') + 'render=html';
      fetch(url, { signal: pending ? pending.signal : undefined, credentials: 'same-origin' })
        .then(function (response) {
          if (!response.ok) {
            throw new Error('HTTP ' + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          if (box.value === typed) {
            show(html, query);
          }
        })
        .catch(function () {
          // stopped by the next keystroke, or failed: Enter loads the page
        });
    };
    box.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 300);
    });
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
