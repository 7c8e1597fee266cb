// Progressive enhancement only: the field is a plain text input with a server-filled <datalist>
// and submits without this script. With it, typing asks /staff/units/suggest (name, pinyin,
// initials) and shows those units first, for registries too large to list in the page.
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list || !window.fetch) return;
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) return;
      timer = setTimeout(function () {
        fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : {units: []}; })
          .then(function (data) {
            if (!data.units.length) return;
            list.textContent = "";
            data.units.forEach(function (unit) {
              var option = document.createElement("option");
              option.value = unit.name;
              // The browser filters options by what was typed: keep the query in the label so
              // that "yhpcs" still shows 永宁县公安局杨和派出所.
              option.label = q + " · " + unit.code;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
  });
})();
