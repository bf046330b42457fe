// Pulse: a small enhancement only. The server checks the same limit.
// With three feeling words chosen, the others are disabled until one is unticked.
function limitFeelings(fieldset) {
  const max = Number(fieldset.dataset.max || 3);
  const boxes = Array.from(fieldset.querySelectorAll("input[type=checkbox]"));
  const update = () => {
    const chosen = boxes.filter((box) => box.checked).length;
    boxes.forEach((box) => { box.disabled = !box.checked && chosen >= max; });
  };
  fieldset.addEventListener("change", update);
  update();
}

document.querySelectorAll("fieldset.pulse-feelings[data-max]").forEach(limitFeelings);
