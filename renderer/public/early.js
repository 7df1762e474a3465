// @ts-check
// The window's first script, a small deferred classic one: it runs as soon as the page is parsed,
// while the main bundle (a module, which runs after it) is still being fetched and compiled. It
// starts what the first paint waits on and nothing else:
// - in the browser host (no preload, a ?token= in the URL), the event stream whose first message
//   is the app's state; the transport (renderer/transport/http-transport.ts) takes it over;
// - Intl's relative times, which every row's due text needs: the first format loads ICU's data,
//   40–60 ms the first time in a process, done when the window's thread is idle meanwhile.
// Plain JavaScript in public/ so it is served as it is, before and apart from the module graph.
(() => {
  const token = new URLSearchParams(window.location.search).get('token');
  if (!window.tasktray && token) {
    const url = `/api/events?token=${encodeURIComponent(token)}&state=1`;
    const response = fetch(url, { headers: { Accept: 'text/event-stream' }, cache: 'no-store' });
    // The transport takes it within moments; a failure is handled there, not reported twice.
    response.catch(() => undefined);
    window.tasktrayEarlyStream = { url, response };
  }
  // In idle time (the bundle or the state still on its way), not ahead of the bundle's own work.
  requestIdleCallback(() =>
    new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(0, 'minute'),
  );
})();
