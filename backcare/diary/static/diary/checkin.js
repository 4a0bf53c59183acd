/* "What did you do today?" on the check-in page: choosing how much an item helped ticks it,
   and unticking an item clears its rating, so what is saved is what the page shows. */
document.addEventListener("change", (event) => {
  const row = event.target.closest(".did-row");
  if (!row) return;
  const box = row.querySelector('input[type="checkbox"]');
  const rating = row.querySelector("select");
  if (!box || !rating) return;
  if (event.target === rating && rating.value !== "") box.checked = true;
  if (event.target === box && !box.checked) rating.value = "";
});
