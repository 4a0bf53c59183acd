/* Sign-up: the device's time zone goes with the form, so reminders, diary days and the
   emergency number fit where the person is from the first page (the server keeps UTC for a
   name it does not know; the profile can change it later).
   Profile: when the device is in another zone than the one chosen, a button under the list
   chooses the device's zone (saved only with "Save profile"). */
(function () {
  "use strict";
  let zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { return; }
  for (const field of document.querySelectorAll('input[type=hidden][name="time_zone"]')) {
    if (!field.value) field.value = zone;
  }
  for (const select of document.querySelectorAll('select[name="time_zone"]')) {
    // its last option is in its region's group, named by place ("Paris" under "Europe")
    const known = Array.from(select.options).filter((option) => option.value === zone).pop();
    if (!zone || !known || select.value === zone) continue;
    const group = known.parentElement.label;
    const name = known.textContent.trim() + (group && group !== "Other names" ? ", " + group : "");
    const offer = document.createElement("p");
    offer.className = "device-zone";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = "Use this device's time zone: " + name;
    const said = document.createElement("span");
    said.setAttribute("role", "status");
    button.addEventListener("click", function () {
      select.value = zone;
      select.focus();
      button.remove();
      said.textContent = "Chosen: " + name + ". Save your profile to keep it.";
    });
    offer.append(button, said);
    select.after(offer);
  }
})();
