/* Enhancements of the portal (everything works without them):
   - 关怀版: switch in place (no reload); the server sets the cookie, as the plain form does.
   - the guide's section bar marks the section in view and keeps its chip visible. */
(function () {
  "use strict";

  function careSwitch(form) {
    var button = form.querySelector("button");
    var mode = form.querySelector("input[name=mode]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var on = mode.value === "care";
      fetch(form.action, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { Accept: "application/json" },
      }).then(function (response) {
        if (!response.ok) { form.submit(); return; }
        document.documentElement.classList.toggle("care", on);
        button.setAttribute("aria-pressed", on ? "true" : "false");
        mode.value = on ? "standard" : "care";
      }).catch(function () { form.submit(); });
    });
  }

  function sectionBar(bar) {
    var links = Array.prototype.slice.call(bar.querySelectorAll("a[href^='#']"));
    var byId = {};
    links.forEach(function (link) { byId[link.getAttribute("href").slice(1)] = link; });
    var sections = links.map(function (link) {
      return document.getElementById(link.getAttribute("href").slice(1));
    }).filter(Boolean);
    if (!("IntersectionObserver" in window) || !sections.length) return;
    var current = null;
    function mark(id) {
      if (id === current) return;
      current = id;
      links.forEach(function (link) { link.removeAttribute("aria-current"); });
      var link = byId[id];
      if (!link) return;
      link.setAttribute("aria-current", "true");
      var list = link.closest("ol");
      var left = link.offsetLeft - (list.clientWidth - link.offsetWidth) / 2;
      list.scrollLeft = Math.max(0, left);
    }
    var visible = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { visible[entry.target.id] = entry.isIntersecting; });
      var first = sections.find(function (section) { return visible[section.id]; });
      if (first) mark(first.id);
    }, { rootMargin: "-64px 0px -55% 0px" });
    sections.forEach(function (section) { observer.observe(section); });
  }

  document.querySelectorAll("[data-care-switch]").forEach(careSwitch);
  document.querySelectorAll("[data-section-bar]").forEach(sectionBar);
})();
