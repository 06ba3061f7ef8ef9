// While the title is typed, show existing requests like it; without JavaScript the form works the same, without them.
// A file of its own, not inline: the site's Content-Security-Policy runs scripts from the site only.
(function () {
  var title = document.getElementById('Title');
  var box = document.getElementById('similar-requests');
  var timer, last = '';
  function look() {
    var text = title.value.trim();
    if (text === last) { return; }
    last = text;
    fetch('/search/similar?title=' + encodeURIComponent(text) + '&authority=' + encodeURIComponent(box.dataset.authority))
      .then(function (response) { return response.ok ? response.text() : ''; })
      .then(function (html) { if (text === last) { box.innerHTML = html; } })
      .catch(function () { });
  }
  title.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(look, 400); });
  look();
})();
