// Every page (templates/base.html). A table box that scrolls sideways (.table-responsive) takes
// keyboard focus, so that someone without a mouse can scroll it with the arrow keys (WCAG 2.1.1).
function focusScrollBoxes() {
  document.querySelectorAll(".table-responsive").forEach((box) => {
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      const caption = box.querySelector("caption");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
    }
  });
}
document.addEventListener("DOMContentLoaded", focusScrollBoxes);
window.addEventListener("resize", focusScrollBoxes);
document.addEventListener("htmx:afterSettle", focusScrollBoxes);
