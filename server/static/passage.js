// Passage comments (issue 12). Select text in the policy document with the
// mouse or by touch, or pick a sentence with the keyboard ("Kutip bagian"
// under each section heading), then "Komentari bagian ini" or "Usulkan
// perubahan": the comment form gets the section and the quote. Without this
// script the form still works: its quote field takes pasted text.
(function () {
  'use strict';
  var tools = document.getElementById('passage-tools');
  var doc = document.querySelector('.document');
  var form = document.getElementById('comment-form');
  if (!tools || !doc || !form) return;
  var T = tools.dataset;
  var sectionSel = document.getElementById('comment-section');
  var quoteBox = document.getElementById('comment-quote');
  var suggBox = document.getElementById('comment-suggestion');
  var bodyBox = document.getElementById('comment-body');
  var status = document.getElementById('passage-status');

  function norm(s) { return s.replace(/[\s\u00a0]+/g, ' ').trim(); }

  function button(label, cls) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = cls;
    b.textContent = label;
    return b;
  }

  // The section of a node: the last level-2 heading before it ("" if none).
  function sectionOf(node) {
    var hs = doc.querySelectorAll('h2[id]'), id = '';
    for (var i = 0; i < hs.length; i++) {
      if (hs[i] === node || hs[i].contains(node) ||
          (hs[i].compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) {
        id = hs[i].id;
      } else {
        break;
      }
    }
    return id;
  }

  // Put the passage in the comment form and move there.
  function use(section, quote, suggest) {
    var known = false;
    for (var i = 0; i < sectionSel.options.length; i++) {
      if (sectionSel.options[i].value === section) known = true;
    }
    sectionSel.value = known ? section : '';
    quoteBox.value = quote;
    if (suggest) {
      if (!suggBox.value) suggBox.value = quote;
      suggBox.focus();
    } else {
      bodyBox.focus();
    }
    status.textContent = T.filled;
    hideBar();
  }

  // The floating bar offered for a selection (mouse, touch).
  var bar = document.createElement('div');
  bar.className = 'passage-bar';
  bar.id = 'passage-bar';
  bar.hidden = true;
  var barComment = button(T.comment, 'passage-comment');
  var barSuggest = button(T.suggest, 'passage-suggest');
  bar.appendChild(barComment);
  bar.appendChild(barSuggest);
  document.body.appendChild(bar);
  var pending = null, pressing = false;

  function selected() {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
    var r = sel.getRangeAt(0);
    if (!doc.contains(r.commonAncestorContainer)) return null;
    var q = norm(sel.toString());
    if (!q) return null;
    return { section: sectionOf(r.startContainer), quote: q, rect: r.getBoundingClientRect() };
  }
  function hideBar() { bar.hidden = true; pending = null; }
  function offer() {
    var s = selected();
    if (!s) {
      if (!pressing) hideBar();
      return;
    }
    pending = s;
    bar.hidden = false;
    var top = window.scrollY + s.rect.bottom + 8;
    var left = Math.max(8, Math.min(window.scrollX + s.rect.left,
      window.scrollX + document.documentElement.clientWidth - bar.offsetWidth - 8));
    bar.style.top = top + 'px';
    bar.style.left = left + 'px';
  }
  var timer = 0;
  document.addEventListener('selectionchange', function () {
    clearTimeout(timer);
    timer = setTimeout(offer, 120);
  });
  // Pressing a bar button must not drop the selection it acts on.
  bar.addEventListener('pointerdown', function () { pressing = true; });
  bar.addEventListener('mousedown', function (e) { e.preventDefault(); });
  function act(suggest) {
    return function () {
      pressing = false;
      var s = pending || selected();
      if (s) use(s.section, s.quote, suggest);
    };
  }
  barComment.addEventListener('click', act(false));
  barSuggest.addEventListener('click', act(true));

  // The keyboard way: under each section heading, "Kutip bagian" opens a
  // list of the section's sentences to pick from.
  var blockSel = 'p, li, td, th, pre, h3, h4, h5, h6';
  function sentences(h2) {
    var out = [];
    for (var el = h2.nextElementSibling; el && !/^H[12]$/.test(el.tagName); el = el.nextElementSibling) {
      if (el.classList.contains('cc') || el.classList.contains('passage-pick')) continue;
      var blocks = el.matches(blockSel) ? [el] : [];
      blocks = blocks.concat([].slice.call(el.querySelectorAll(blockSel)));
      blocks.forEach(function (b) {
        if (b.querySelector(blockSel)) return; // its inner blocks are listed
        var text = norm(b.textContent);
        (text.match(/[^.!?;:]+[.!?;:]*/g) || []).forEach(function (s) {
          s = norm(s);
          if (s) out.push(s);
        });
      });
    }
    return out;
  }
  var picks = 0;
  doc.querySelectorAll('h2[id]').forEach(function (h2) {
    var list = sentences(h2);
    if (!list.length) return;
    var n = ++picks;
    var wrap = document.createElement('div');
    wrap.className = 'passage-pick';
    var open = button(T.pick, 'small passage-pick-open');
    open.id = 'passage-pick-' + n;
    open.setAttribute('aria-expanded', 'false');
    open.setAttribute('aria-controls', 'passage-panel-' + n);
    var panel = document.createElement('div');
    panel.className = 'passage-panel';
    panel.id = 'passage-panel-' + n;
    panel.hidden = true;
    var label = document.createElement('label');
    label.htmlFor = 'passage-select-' + n;
    label.textContent = T.pickLabel;
    var select = document.createElement('select');
    select.id = 'passage-select-' + n;
    select.size = Math.min(6, list.length);
    select.setAttribute('aria-describedby', 'passage-help-' + n);
    list.forEach(function (s, i) {
      var o = document.createElement('option');
      o.value = s;
      o.textContent = s.length > 160 ? s.slice(0, 157) + '…' : s;
      if (i === 0) o.selected = true;
      select.appendChild(o);
    });
    var help = document.createElement('p');
    help.className = 'meta';
    help.id = 'passage-help-' + n;
    help.textContent = T.pickHelp;
    var c = button(T.comment, 'passage-comment');
    var sg = button(T.suggest, 'passage-suggest');
    var close = button(T.close, 'small link');
    [label, select, help, c, sg, close].forEach(function (e) { panel.appendChild(e); });
    wrap.appendChild(open);
    wrap.appendChild(panel);
    var after = h2.nextElementSibling && h2.nextElementSibling.classList.contains('cc') ? h2.nextElementSibling : h2;
    after.insertAdjacentElement('afterend', wrap);
    function toggle(show) {
      panel.hidden = !show;
      open.setAttribute('aria-expanded', String(show));
      if (show) select.focus(); else open.focus();
    }
    open.addEventListener('click', function () { toggle(panel.hidden); });
    close.addEventListener('click', function () { toggle(false); });
    panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') toggle(false); });
    c.addEventListener('click', function () { use(h2.id, select.value, false); panel.hidden = true; open.setAttribute('aria-expanded', 'false'); });
    sg.addEventListener('click', function () { use(h2.id, select.value, true); panel.hidden = true; open.setAttribute('aria-expanded', 'false'); });
  });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') hideBar(); });
})();
