/* Sign-up: the device's time zone goes with the form, so reminders, diary days and the
   emergency number fit where the person is from the first page (the server keeps UTC for a
   name it does not know; the profile can change it later). */
(function () {
  "use strict";
  let zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { return; }
  for (const field of document.querySelectorAll('input[type=hidden][name="time_zone"]')) {
    if (!field.value) field.value = zone;
  }
})();
