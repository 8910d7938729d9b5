// Small enhancements only; every page reads without this file.
(function () {
  "use strict";
  // "/" focuses the query box (unless typing somewhere already).
  document.addEventListener("keydown", function (e) {
    var box = document.getElementById("q");
    if (e.key === "/" && box && document.activeElement !== box &&
        !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      e.preventDefault();
      box.focus();
      box.select();
    }
  });
  // Chart: show the nearest bucket's counts while hovering.
  document.querySelectorAll(".chart").forEach(function (fig) {
    var svg = fig.querySelector("svg");
    var tip = fig.querySelector(".chart-tip");
    if (!svg || !tip) { return; }
    var circles = Array.prototype.slice.call(svg.querySelectorAll("circle"));
    svg.addEventListener("mousemove", function (e) {
      var box = svg.getBoundingClientRect();
      var scale = svg.viewBox.baseVal.width / box.width;
      var x = (e.clientX - box.left) * scale;
      var best = null, bestDx = Infinity;
      circles.forEach(function (c) {
        var dx = Math.abs(parseFloat(c.getAttribute("cx")) - x);
        if (dx < bestDx) { bestDx = dx; best = c; }
      });
      circles.forEach(function (c) { c.classList.remove("active"); });
      if (!best) { return; }
      var cx = best.getAttribute("cx");
      var lines = [];
      circles.forEach(function (c) {
        if (c.getAttribute("cx") === cx) {
          c.classList.add("active");
          lines.push(c.parentNode.getAttribute("data-label") + ": " + c.getAttribute("data-count"));
        }
      });
      tip.textContent = best.getAttribute("data-key") + " — " + lines.join(" · ");
      var figBox = fig.getBoundingClientRect();
      tip.style.left = (box.left - figBox.left + parseFloat(cx) / scale) + "px";
      tip.style.top = (box.top - figBox.top + parseFloat(best.getAttribute("cy")) / scale) + "px";
      tip.hidden = false;
    });
    svg.addEventListener("mouseleave", function () {
      tip.hidden = true;
      circles.forEach(function (c) { c.classList.remove("active"); });
    });
  });
})();
