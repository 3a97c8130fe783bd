/* Topic picker: a filter box above a list of topic checkboxes.

Without JavaScript the checkboxes are the whole control. With it, a labelled search box
above them hides the topics that do not match what is typed; chosen topics stay visible, a
polite live region says how many topics are shown, Enter never sends the form, and the
Down arrow moves to the first topic shown. The labels come from the checkboxes'
data-topic-picker-* attributes, so they are translated on the server.
*/
(function () {
    "use strict";

    function normalise(text) {
        return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
    }

    function enhance(list, first) {
        if (list.dataset.topicPickerReady) return;
        list.dataset.topicPickerReady = "true";
        var choices = Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox]")).map(
            function (input) {
                var label = list.querySelector('label[for="' + input.id + '"]');
                return {
                    input: input,
                    row: input.closest(".choice") || input.parentNode,
                    text: normalise(label ? label.textContent : input.value),
                };
            }
        );
        var baseId = first.id.replace(/_\d+$/, "");
        if (!list.id) list.id = baseId + "_list";

        var wrapper = document.createElement("div");
        wrapper.className = "topic-picker__filter field";
        var label = document.createElement("label");
        label.htmlFor = baseId + "_filter";
        label.textContent = first.dataset.topicPickerLabel;
        var box = document.createElement("input");
        box.type = "search";
        box.id = baseId + "_filter";
        box.autocomplete = "off";
        box.setAttribute("aria-controls", list.id);
        box.setAttribute("aria-describedby", baseId + "_filter_status");
        var status = document.createElement("p");
        status.id = baseId + "_filter_status";
        status.className = "helptext";
        status.setAttribute("aria-live", "polite");
        wrapper.append(label, box, status);
        list.parentNode.insertBefore(wrapper, list);

        function update() {
            var term = normalise(box.value);
            var shown = 0;
            choices.forEach(function (choice) {
                var visible = !term || choice.input.checked || choice.text.indexOf(term) !== -1;
                // The hidden attribute alone loses to a stylesheet's display rule.
                choice.row.hidden = !visible;
                choice.row.style.display = visible ? "" : "none";
                if (visible) shown += 1;
            });
            status.textContent = term
                ? (shown === 1 ? first.dataset.topicPickerOne : first.dataset.topicPickerMany)
                      .replace("%(count)s", String(shown))
                : "";
        }

        var timer = null;
        box.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(update, 150);
        });
        box.addEventListener("keydown", function (event) {
            if (event.key === "Enter") {
                event.preventDefault();
                update();
            } else if (event.key === "ArrowDown") {
                var next = choices.find(function (choice) {
                    return !choice.row.hidden;
                });
                if (next) {
                    event.preventDefault();
                    next.input.focus();
                }
            } else if (event.key === "Escape" && box.value) {
                event.preventDefault();
                box.value = "";
                update();
            }
        });
    }

    function init() {
        document.querySelectorAll("input[data-topic-picker-label]").forEach(function (input) {
            var list = input.closest(".choices") || input.closest("fieldset, div");
            if (list) enhance(list, input);
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
