//! The connection loop: accepts TCP connections and serves each with hyper,
//! with a header-read timeout (which also closes idle keep-alive
//! connections), a write timeout (which drops a client that stopped
//! reading its answer) and a shutdown that finishes within a bounded grace
//! period whatever the clients do. Routes and request limits are left to
//! `router`.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_io_timeout::TimeoutStream;

/// How long a client may take to send a request's headers, counted from
/// the connection's start or the end of its previous answer: a connection
/// idle (or half-sent) for longer is closed.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Largest request head (request line and headers) read: room for a
/// 1 MB URL, so that hyper answers an over-long URL with 414 (URI too
/// long) rather than 431. hyper refuses URIs over 64 KiB itself, with an
/// empty body; between 8 KiB and 64 KiB the API answers its JSON 414.
pub const MAX_REQUEST_HEAD_BYTES: usize = 2 * 1024 * 1024;

/// How long a client may read nothing of an answer the server is sending
/// (a download, a long page) before the connection is dropped: a stalled
/// client then holds no memory, thread or export place.
pub const WRITE_STALL_TIMEOUT: Duration = Duration::from_secs(10);

/// How long requests in flight may run on after Ctrl-C or SIGTERM; the
/// connections still open then are dropped.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `shutdown` resolves, then stops
/// accepting, asks every connection to finish its request in flight and
/// waits at most `grace` for them.
pub(crate) async fn serve_until(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) -> std::io::Result<()> {
    // dropping `stop_tx` tells connections to shut down; each holds a clone
    // of `done_rx` until it ends, so `done_tx.closed()` waits for them all
    let (stop_tx, stop_rx) = watch::channel(());
    let (done_tx, done_rx) = watch::channel(());
    tokio::pin!(shutdown);
    loop {
        let (stream, _peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                // out of file descriptors and the like: wait, do not spin
                Err(e) if is_transient(&e) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
                Err(e) => return Err(e),
            },
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let mut stop = stop_rx.clone();
        let done = done_rx.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .max_buf_size(MAX_REQUEST_HEAD_BYTES);
            // hyper has no write timeout of its own: a write that cannot
            // go on for WRITE_STALL_TIMEOUT fails, and hyper drops the connection
            let mut stream = TimeoutStream::new(stream);
            stream.set_write_timeout(Some(WRITE_STALL_TIMEOUT));
            let stream = Box::pin(stream);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            drop(done);
        });
    }
    drop(listener);
    drop(stop_tx);
    drop(stop_rx);
    drop(done_rx);
    // past the grace period the connections left are dropped with the runtime
    let _ = tokio::time::timeout(grace, done_tx.closed()).await;
    Ok(())
}

/// Accept errors that concern one connection or a passing shortage, not
/// the listener.
fn is_transient(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | Interrupted | WouldBlock
    ) || matches!(e.raw_os_error(), Some(23 | 24)) // ENFILE, EMFILE
}
