/* hooklint report: filters and search over the findings. No network, no dependencies. */
(function () {
  'use strict';
  document.documentElement.className = 'js';
  var findings = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('.file-group'));
  var chips = Array.prototype.slice.call(document.querySelectorAll('.chip'));
  var search = document.getElementById('search');
  var shownCount = document.getElementById('shown-count');
  var noMatch = document.getElementById('no-match');
  var clear = document.getElementById('clear-filters');
  var KINDS = ['level', 'rule', 'point', 'file'];
  if (!search) { return; }

  function pressed(kind) {
    return chips.filter(function (chip) {
      return chip.getAttribute('data-filter') === kind && chip.getAttribute('aria-pressed') === 'true';
    }).map(function (chip) { return chip.getAttribute('data-value'); });
  }

  function apply() {
    var active = {};
    KINDS.forEach(function (kind) { active[kind] = pressed(kind); });
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    findings.forEach(function (finding) {
      var text = finding.getAttribute('data-search');
      var visible = KINDS.every(function (kind) {
        return active[kind].length === 0 || active[kind].indexOf(finding.getAttribute('data-' + kind)) !== -1;
      }) && words.every(function (word) { return text.indexOf(word) !== -1; });
      finding.hidden = !visible;
      if (visible) { shown += 1; }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector('.finding:not([hidden])');
    });
    shownCount.textContent = String(shown);
    noMatch.hidden = shown !== 0;
  }

  chips.forEach(function (chip) {
    chip.addEventListener('click', function () {
      chip.setAttribute('aria-pressed', chip.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
      apply();
    });
  });
  search.addEventListener('input', apply);
  clear.addEventListener('click', function () {
    chips.forEach(function (chip) { chip.setAttribute('aria-pressed', 'false'); });
    search.value = '';
    apply();
  });
  apply();
})();
