// Policyflow: a little script for comfort. Every page works without it.
(function () {
  "use strict";
  var main = document.getElementById("main");
  var csrf = main ? main.getAttribute("data-csrf") : "";

  // Live preview in the editor: render the Markdown on the server (the same
  // safe renderer as the policy page), at most every 400 ms.
  var src = document.querySelector("textarea[data-preview]");
  if (src) {
    var out = document.querySelector(src.getAttribute("data-preview"));
    var timer = null;
    src.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var body = new URLSearchParams();
        body.set("markdown", src.value);
        fetch("/preview", {method: "POST", body: body, credentials: "same-origin",
          headers: {"X-CSRF-Token": csrf}})
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          .then(function (html) {
            // The server's renderer drops raw HTML and unsafe links; the
            // page's CSP forbids inline script besides.
            var doc = new DOMParser().parseFromString(html, "text/html");
            out.replaceChildren.apply(out, Array.prototype.slice.call(doc.body.childNodes));
          })
          .catch(function () {});
      }, 400);
    });
  }

  // "Load more" comments: fetch the next page and append its threads.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-more]");
    if (!a) return;
    e.preventDefault();
    fetch(a.href, {credentials: "same-origin"})
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var list = a.closest("section").querySelector("ol.threads");
        doc.querySelectorAll("ol.threads > li").forEach(function (li) { list.appendChild(document.importNode(li, true)); });
        var next = doc.querySelector("a[data-more]");
        if (next) { a.href = next.href; } else { a.parentNode.removeChild(a); }
      });
  });

  // On a narrow screen a wide table scrolls sideways by itself (style.css);
  // one with no link or control in it takes the keyboard focus, so that
  // the arrow keys can scroll it (WCAG 2.1.1).
  function scrollers() {
    document.querySelectorAll("table.grid").forEach(function (t) {
      if (t.scrollWidth > t.clientWidth && !t.querySelector("a[href], button, input, select, textarea")) {
        t.tabIndex = 0;
      } else if (t.hasAttribute("tabindex")) {
        t.removeAttribute("tabindex");
      }
    });
  }
  scrollers();
  window.addEventListener("resize", scrollers);
})();
