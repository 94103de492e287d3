/* Quick edits in place (milestones/editing/quick_views.py): the keyboard and screen-reader side.
 *
 * htmx does the requests; this file only listens to DOM events, so it needs no `htmx`
 * global and can load with `defer` in any order after it.
 *   - an editor that arrives gets the focus (a text is selected, ready to be typed over;
 *     of the target groups, the first one ticked);
 *   - Enter saves (also from a select or a checkbox, where browsers do not submit);
 *   - Escape cancels (the Cancel link fetches the display again);
 *   - what was saved is announced in the page's #quick-edit-status (aria-live), and so is
 *     a refusal (403, 404, a server error), which htmx would otherwise not show at all.
 */
(function () {
  "use strict";

  var EDITOR = "form[data-quick-edit]";

  document.addEventListener("htmx:load", function (event) {
    var elt = event.target;
    var form = elt.matches && elt.matches(EDITOR) ? elt : elt.querySelector && elt.querySelector(EDITOR);
    if (!form) {
      return;
    }
    // the first ticked group, so that a long catalogue scrolls to the current choice
    var field = form.querySelector("[autofocus]") ||
      form.querySelector("input[type=checkbox]:checked") ||
      form.querySelector("select, textarea, input:not([type=hidden])");
    if (field) {
      field.focus();
      if (field.type === "text") {
        field.select();
      }
    }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var form = target.closest && target.closest(EDITOR);
    if (!form || event.isComposing) {
      return;
    }
    if (event.key === "Escape") {
      var cancel = form.querySelector("[data-quick-cancel]");
      if (cancel) {
        event.preventDefault();
        cancel.click();
      }
    } else if (event.key === "Enter" && !event.shiftKey &&
               (target.tagName === "SELECT" || target.type === "checkbox")) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  document.addEventListener("regie:quick-saved", function (event) {
    var region = document.getElementById("quick-edit-status");
    if (region && event.detail && event.detail.message) {
      region.classList.replace("text-danger", "text-success");
      region.textContent = event.detail.message;
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var region = document.getElementById("quick-edit-status");
    if (!region) {
      return;
    }
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    region.classList.replace("text-success", "text-danger");
    region.textContent = region.dataset["error-" + status] || region.dataset.error;
  });
})();
