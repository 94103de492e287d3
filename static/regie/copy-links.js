// The calendar pages' copy buttons (milestones/templates/calendar/): copy a feed's link.
// Copy buttons stay hidden without JavaScript; the links can be selected by hand.
document.addEventListener("DOMContentLoaded", function () {
  var status = document.getElementById("copy-status");
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    button.hidden = false;
    field.addEventListener("focus", function () { field.select(); });
    button.addEventListener("click", function () {
      field.select();
      var done = function () { if (status) { status.textContent = status.dataset.copied; } };
      var fallback = function () { document.execCommand("copy"); done(); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, fallback);
      } else {
        fallback();
      }
    });
  });
});
