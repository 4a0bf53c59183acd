/* "What did you do today?" on the check-in page: unticking an item clears its rating, so what
   is saved is what the page shows (the stylesheet then hides the item's "helped?" menu, which
   shows only beside ticked items). Where every menu shows (a browser without :has()),
   choosing how much an item helped ticks it. */
document.addEventListener("change", (event) => {
  const row = event.target.closest(".did-row");
  if (!row) return;
  const box = row.querySelector('input[type="checkbox"]');
  const rating = row.querySelector("select");
  if (!box || !rating) return;
  if (event.target === rating && rating.value !== "") box.checked = true;
  if (event.target === box && !box.checked) rating.value = "";
});
