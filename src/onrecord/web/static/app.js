// onrecord web: small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Article page: a click on a highlight selects its statement card and marks its spans.
  function selectStatement(uid, scroll) {
    document.querySelectorAll(".st-card.selected").forEach(function (c) { c.classList.remove("selected"); });
    document.querySelectorAll(".hl.active").forEach(function (h) { h.classList.remove("active"); });
    var card = document.getElementById("st-" + uid);
    if (!card) { return; }
    card.classList.add("selected");
    document.querySelectorAll(".hl").forEach(function (h) {
      if ((h.getAttribute("data-st") || "").split(" ").indexOf(uid) >= 0) { h.classList.add("active"); }
    });
    if (scroll) { card.scrollIntoView({block: "nearest"}); }
  }
  document.addEventListener("click", function (ev) {
    var hl = ev.target.closest ? ev.target.closest(".hl") : null;
    if (hl) {
      ev.preventDefault();
      var uid = hl.getAttribute("data-primary");
      history.replaceState(null, "", "#st-" + uid);
      selectStatement(uid, true);
      return;
    }
    var link = ev.target.closest ? ev.target.closest("a.st-link") : null;
    if (link) { selectStatement(link.getAttribute("data-uid"), true); }
  });
  if (location.hash.indexOf("#st-") === 0) {
    selectStatement(decodeURIComponent(location.hash.slice(4)), true);
  }

  // Speaker page: statements per month, drawn with uPlot (vendored).
  var tl = document.getElementById("timeline-data");
  var box = document.getElementById("timeline");
  if (tl && box && window.uPlot) {
    var rows = JSON.parse(tl.textContent);
    if (rows.length) {
      var xs = rows.map(function (r) { return Date.UTC(+r.month.slice(0, 4), +(r.month.slice(5, 7) || 1) - 1, 1) / 1000; });
      var ys = rows.map(function (r) { return r.n; });
      if (xs.length === 1) { xs = [xs[0] - 15 * 86400, xs[0], xs[0] + 15 * 86400]; ys = [null, ys[0], null]; }
      var width = Math.max(300, box.clientWidth - 10);
      new window.uPlot({
        width: width, height: 200, legend: {show: false},
        scales: {x: {time: true}, y: {range: function (u, lo, hi) { return [0, Math.max(1, hi + 1)]; }}},
        axes: [{}, {label: "statements", size: 50}],
        series: [{}, {label: "statements", stroke: "#1f5fa8", fill: "rgba(31,95,168,0.35)",
                      paths: window.uPlot.paths.bars({size: [0.6, 40]}), points: {show: false}}]
      }, [xs, ys], box);
      box.setAttribute("data-drawn", "1");
    }
  }
})();
