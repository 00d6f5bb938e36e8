// chainkg serve: the pages work without this script; it only adds type-ahead on the match page and a
// live progress bar on the batch page. Results come from the server already escaped (autoescaped
// templates); user text is never put into the page by this script.
(function () {
  "use strict";
  var lang = document.body.getAttribute("data-lang") || "zh";

  function matchTypeAhead() {
    var form = document.getElementById("match-form");
    var box = document.getElementById("results");
    if (!form || !box) return;
    var text = form.querySelector("textarea[name=text]");
    var top = form.querySelector("input[name=top]");
    var timer = null, seq = 0;
    function run() {
      var value = text.value;
      if (!value.trim()) { box.textContent = ""; return; }
      var params = new URLSearchParams({ text: value, top: top.value || "5" });
      if (lang === "en") params.set("lang", "en");
      var mine = ++seq;
      fetch("/match/results?" + params.toString(), { headers: { "Accept": "text/html" }, credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          if (mine !== seq) return;               // a newer keystroke already asked again
          box.innerHTML = html;                    // server-rendered, autoescaped
          if (value.length < 1500) {
            history.replaceState(null, "", "/match?" + params.toString());
            var other = new URLSearchParams(params);  // the language switch keeps the text
            if (lang === "en") other.delete("lang"); else other.set("lang", "en");
            var link = document.querySelector("header a.lang");
            if (link) link.setAttribute("href", "/match?" + other.toString());
          }
        })
        .catch(function () { /* the form still works */ });
    }
    function later() { clearTimeout(timer); timer = setTimeout(run, 250); }
    text.addEventListener("input", later);
    top.addEventListener("change", later);
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(); });
  }

  function batchProgress() {
    var job = document.getElementById("job");
    if (!job) return;
    var id = job.getAttribute("data-job");
    var bar = document.getElementById("job-bar");
    var line = document.getElementById("job-text");
    function poll() {
      fetch("/api/jobs/" + encodeURIComponent(id), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (s.status === "running" || s.status === "queued") {
            bar.max = s.total || 1; bar.value = s.done;
            line.textContent = (lang === "en" ? "匹配中 Matching: " : "匹配中：") + s.done + " / " + s.total;
            setTimeout(poll, 400);
          } else {
            location.reload();
          }
        })
        .catch(function () { setTimeout(poll, 1500); });
    }
    setTimeout(poll, 300);
  }

  matchTypeAhead();
  batchProgress();
})();
