// vnqual review: keyboard shortcuts. The forms work without this file; it only clicks them.
(function () {
  "use strict";
  var sent = false;
  function click(id) {
    var el = document.getElementById(id);
    if (!el) { return false; }
    if (el.tagName === "BUTTON") {
      if (sent) { return true; }   // one decision per page: no double submit
      sent = true;
    }
    el.click();
    return true;
  }
  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.target && ev.target.id === "memo") {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        click("btn-memo");
      } else if (ev.key === "Escape") {
        ev.target.blur();
      }
      return;
    }
    if (ev.target && ev.target.id === "add-code") {
      if (ev.key === "Enter") { ev.preventDefault(); click("btn-add"); }
      else if (ev.key === "Escape") { ev.target.blur(); }
      return;
    }
    if (typing(ev.target) || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var done = false;
    switch (ev.key) {
      case "a": done = click("btn-accept"); break;
      case "r": done = click("btn-reject"); break;
      case "f": done = click("btn-flag"); break;
      case "u": done = click("btn-undo"); break;
      case "j": done = click("link-next"); break;
      case "k": done = click("link-prev"); break;
      case "m":
        var memo = document.getElementById("memo");
        if (memo) { memo.focus(); done = true; }
        break;
      case "g":
        var add = document.getElementById("add-code");
        if (add) { add.focus(); done = true; }
        break;
      default:
        if (/^[1-9]$/.test(ev.key)) { done = click("btn-change-" + ev.key); }
    }
    if (done) { ev.preventDefault(); }
  });
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form && form.id === "decide-form") { sent = true; }
  });
})();
