/* The warning-signs page signed out cannot know the person's country, so it carries every
   known place's numbers, hidden, beside the deployment's default. Where the device's time
   zone names one of those places, show its numbers instead: a visitor in New York sees 911,
   not 112. Without this script (or for another zone) the default shows with every known
   place's number listed under it. */
"use strict";
(function () {
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  for (const group of document.querySelectorAll("[data-phone-places]")) {
    const places = Array.from(group.querySelectorAll("[data-zones]"));
    const match = places.find((place) => place.dataset.zones.split(" ").includes(zone));
    if (!match) continue;
    for (const fallback of group.querySelectorAll("[data-default]")) fallback.hidden = true;
    match.hidden = false;
  }
})();
