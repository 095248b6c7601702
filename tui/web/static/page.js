// Starts the terminal that textual.js defines, adapted to this page:
// - the websocket address is made from this page's own address, so it is
//   right on any host and port (an SSH tunnel) and under a proxy's sub-path;
// - the token leaves the address bar once the cookie carries it;
// - the terminal starts only once the bundled font is there, because xterm
//   measures its cells once, with whatever font it has at that moment;
// - a file the app delivers (an export) is fetched from an address beside
//   this page, so it works under a proxy's sub-path too (textual.js builds it
//   from the origin alone), and by a link rather than a new window, which a
//   popup blocker would stop.
(function () {
  "use strict";
  const here = new URL(window.location.href);
  const openWindow = window.open.bind(window);
  const stockDownloads = window.location.origin + "/download/";
  window.open = function (url, target, features) {
    if (typeof url === "string" && url.startsWith(stockDownloads)) {
      const link = document.createElement("a");
      link.href = new URL("download/" + url.slice(stockDownloads.length),
                          window.location.href).href;
      link.download = "";  // the server names the file
      link.rel = "noopener";
      document.body.appendChild(link);
      link.click();
      link.remove();
      return null;
    }
    return openWindow(url, target, features);
  };
  if (here.searchParams.has("token")) {
    here.searchParams.delete("token");
    window.history.replaceState(null, "", here.pathname + here.search + here.hash);
  }
  const startTerminal = window.onload;  // set by textual.js, loaded just before
  window.onload = function (event) {
    const terminal = document.getElementById("terminal");
    const socket = new URL("ws", window.location.href);
    socket.protocol = socket.protocol === "https:" ? "wss:" : "ws:";
    socket.search = "";
    socket.hash = "";
    terminal.dataset.sessionWebsocketUrl = socket.href;
    const size = parseInt(here.searchParams.get("fontsize") || "", 10);
    if (size >= 6 && size <= 64) {
      terminal.dataset.fontSize = String(size);
    }
    document.getElementById("restart").addEventListener("click", function () {
      window.location.reload();
    });
    const font = terminal.dataset.fontSize + 'px "Roboto Mono"';
    document.fonts.load(font).catch(function () { return null; }).then(function () {
      if (startTerminal) {
        startTerminal.call(window, event);
      }
    });
  };
})();
