// The timeline page (milestones/templates/milestones/timeline.html): print button, the legend
// folded on a phone so that the chart is on the first screen, and the chart opened at today.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-tl-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
  const legend = document.querySelector("[data-tl-legend]");
  if (legend && window.matchMedia("(max-width: 576px)").matches) {
    legend.open = false;
  }
  // On paper the legend is always unfolded.
  window.addEventListener("beforeprint", () => {
    if (legend) legend.open = true;
  });
  // Wider than the screen (a phone): open the chart with today in the middle.
  const scroller = document.querySelector(".tl-scroll");
  const today = scroller && scroller.querySelector(".tl-lane-svg .tl-today");
  if (today && scroller.scrollWidth > scroller.clientWidth) {
    const offset = today.getBoundingClientRect().left - scroller.getBoundingClientRect().left;
    scroller.scrollLeft += offset - scroller.clientWidth / 2;
  }
});
