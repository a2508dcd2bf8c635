// Quiz page: save answers on the server as the learner goes, and show the time left.
// The page works without this script: every button posts the page's answers.
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  if (!form) return;
  var status = document.querySelector("[data-save-status]");
  var timer = null;
  var dirty = false;

  function say(text) { if (status) status.textContent = text; }

  function showProblems(problems) {
    form.querySelectorAll("[data-problem-for]").forEach(function (box) {
      box.textContent = problems[box.dataset.problemFor] || "";
    });
  }

  function save() {
    timer = null;
    var data = new FormData(form);
    return fetch(form.dataset.autosave, {
      method: "POST",
      body: data,
      headers: { "X-CSRFToken": form.dataset.csrf },
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status === 409) {
        return response.json().then(function (body) { window.location.href = body.review; });
      }
      if (response.status === 422) {
        // Answers the questions cannot take (a word in a number box, two items in one place): say which.
        return response.json().then(function (body) {
          showProblems(body.problems || {});
          say(form.dataset.invalidText);
        });
      }
      if (!response.ok) throw new Error(String(response.status));
      dirty = false;
      showProblems({});
      say(form.dataset.savedText + " · " + new Date().toLocaleTimeString());
    }).catch(function () {
      say(form.dataset.failedText);
    });
  }

  function changed() {
    dirty = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 600);
  }

  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { save(); event.preventDefault(); event.returnValue = ""; }
  });

  var clock = document.querySelector("[data-deadline]");
  if (clock) {
    var deadline = Date.parse(clock.dataset.deadline);
    var value = clock.querySelector(".timer__value");
    var tick = function () {
      var left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
      value.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left <= 60) clock.classList.add("timer--low");
      if (left === 0) {
        clearInterval(handle);
        // The server submits the attempt with what was saved; send the last answers and go there.
        save().then(function () { window.location.reload(); });
      }
    };
    var handle = setInterval(tick, 1000);
    tick();
  }
})();
