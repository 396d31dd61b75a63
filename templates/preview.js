// Records on each logo image whether it loaded and its natural size, and the page's height,
// so that a headless browser's DOM dump shows what a person would see.
(function () {
  var images = Array.prototype.slice.call(document.querySelectorAll("img[data-expected-width]"));
  var pending = images.length;
  function record(image) {
    var loaded = image.complete && image.naturalWidth > 0;
    image.setAttribute("data-loaded", loaded ? "yes" : "no");
    image.setAttribute("data-natural-width", String(image.naturalWidth));
    image.setAttribute("data-natural-height", String(image.naturalHeight));
    pending -= 1;
    if (pending === 0) {
      var right = images.every(function (each) {
        return each.getAttribute("data-loaded") === "yes" &&
          each.getAttribute("data-natural-width") === each.getAttribute("data-expected-width");
      });
      document.body.setAttribute("data-logos", right ? "loaded" : "broken");
    }
  }
  if (images.length === 0) {
    document.body.setAttribute("data-logos", "none");
  }
  document.body.setAttribute("data-page-height", String(document.documentElement.scrollHeight));
  // Whether anything sticks out sideways at this window width (a phone's, say).
  document.body.setAttribute("data-scroll-width", String(document.documentElement.scrollWidth));
  document.body.setAttribute("data-viewport-width", String(window.innerWidth));
  images.forEach(function (image) {
    if (image.complete) {
      record(image);
    } else {
      image.addEventListener("load", function () { record(image); });
      image.addEventListener("error", function () { record(image); });
    }
  });
})();
