/* A small formatting toolbar for the reply and question boxes. Plain JavaScript, no build.
 *
 * The template renders the toolbar hidden (questions/includes/rich_text_field.html), so its
 * labels are translated there; this script shows it above the textarea and makes each button
 * insert the tags the server accepts (<strong>, <em>, <ul>/<ol> with <li>, <blockquote>,
 * <a href>). Without the script the textarea works just the same.
 *
 * Keyboard: Tab reaches the toolbar as one stop, the arrow keys (and Home/End) move between
 * its buttons, Ctrl/Cmd+B and Ctrl/Cmd+I work inside the textarea.
 */
(function () {
    "use strict";

    function insert(textarea, text, selectFrom, selectTo) {
        var start = textarea.selectionStart;
        var end = textarea.selectionEnd;
        textarea.focus();
        // execCommand keeps the browser's undo history; setRangeText is the fallback.
        var done = false;
        try {
            done = document.execCommand("insertText", false, text);
        } catch (error) {
            done = false;
        }
        if (!done || textarea.value.slice(start, start + text.length) !== text) {
            textarea.setRangeText(text, start, end, "end");
        }
        textarea.setSelectionRange(start + selectFrom, start + selectTo);
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function selection(textarea) {
        return textarea.value.slice(textarea.selectionStart, textarea.selectionEnd);
    }

    // Blocks (lists, quotes) need an empty line before and after them to stand apart from
    // the paragraphs around them.
    function blockPadding(textarea) {
        var before = textarea.value.slice(0, textarea.selectionStart);
        var after = textarea.value.slice(textarea.selectionEnd);
        var lead = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
        var trail = after === "" || /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
        return [lead, trail];
    }

    function wrap(textarea, tag) {
        var text = selection(textarea) || "…";
        var open = "<" + tag + ">";
        insert(textarea, open + text + "</" + tag + ">", open.length, open.length + text.length);
    }

    function list(textarea, tag) {
        var lines = selection(textarea).split("\n").filter(function (line) {
            return line.trim() !== "";
        });
        if (!lines.length) {
            lines = ["…"];
        }
        var pad = blockPadding(textarea);
        var items = lines.map(function (line) {
            return "<li>" + line.trim() + "</li>";
        });
        var block = "<" + tag + ">\n" + items.join("\n") + "\n</" + tag + ">";
        var first = pad[0].length + tag.length + 3 + 4;
        insert(textarea, pad[0] + block + pad[1], first, first + lines[0].trim().length);
    }

    function quote(textarea) {
        var text = selection(textarea).trim() || "…";
        var pad = blockPadding(textarea);
        var open = "<blockquote>";
        var from = pad[0].length + open.length;
        insert(textarea, pad[0] + open + text + "</blockquote>" + pad[1], from, from + text.length);
    }

    function link(textarea, button) {
        var text = selection(textarea);
        var url = window.prompt(button.getAttribute("data-prompt"), "https://");
        if (!url || url === "https://") {
            textarea.focus();
            return;
        }
        url = url.trim().replace(/"/g, "%22");
        var label = text || url;
        var open = '<a href="' + url + '">';
        insert(textarea, open + label + "</a>", open.length, open.length + label.length);
    }

    function act(textarea, button) {
        if (button.hasAttribute("data-wrap")) {
            wrap(textarea, button.getAttribute("data-wrap"));
        } else if (button.hasAttribute("data-list")) {
            list(textarea, button.getAttribute("data-list"));
        } else if (button.hasAttribute("data-block")) {
            quote(textarea);
        } else if (button.hasAttribute("data-link")) {
            link(textarea, button);
        }
    }

    function enhance(toolbar) {
        var textarea = document.getElementById(toolbar.getAttribute("data-rich-toolbar"));
        if (!textarea || typeof textarea.setRangeText !== "function") {
            return;
        }
        var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
        // Right above the box, below its label and help text.
        textarea.parentNode.insertBefore(toolbar, textarea);
        toolbar.hidden = false;

        // One tab stop for the whole toolbar (the WAI-ARIA toolbar pattern).
        buttons.forEach(function (button, index) {
            button.tabIndex = index === 0 ? 0 : -1;
            button.addEventListener("click", function () {
                act(textarea, button);
            });
        });
        toolbar.addEventListener("keydown", function (event) {
            var index = buttons.indexOf(document.activeElement);
            if (index < 0) {
                return;
            }
            var next = null;
            if (event.key === "ArrowRight") {
                next = (index + 1) % buttons.length;
            } else if (event.key === "ArrowLeft") {
                next = (index - 1 + buttons.length) % buttons.length;
            } else if (event.key === "Home") {
                next = 0;
            } else if (event.key === "End") {
                next = buttons.length - 1;
            }
            if (next !== null) {
                event.preventDefault();
                buttons[index].tabIndex = -1;
                buttons[next].tabIndex = 0;
                buttons[next].focus();
            }
        });
        textarea.addEventListener("keydown", function (event) {
            if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) {
                return;
            }
            var key = event.key.toLowerCase();
            buttons.forEach(function (button) {
                if (button.getAttribute("data-shortcut") === key) {
                    event.preventDefault();
                    act(textarea, button);
                }
            });
        });
    }

    function start() {
        Array.prototype.forEach.call(document.querySelectorAll("[data-rich-toolbar]"), enhance);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
