/**
 * Preloaded (`node --import`) into each process the embedded default starts with an IPC channel:
 * when the channel closes because the parent is gone (killed, crashed), the process sends itself
 * SIGTERM, so its own graceful stop runs instead of it living on as an orphan. Without an IPC
 * channel (the process started by hand, or by docker-compose) it does nothing.
 */
if (typeof process.send === 'function') {
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // The channel must not keep the process alive by itself.
  process.channel?.unref();
}
