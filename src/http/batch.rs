//! `POST /v1/analyze/batch`, streamed: NDJSON lines are read as they
//! arrive, analysed, and answered one output line per input line, in order,
//! while the rest of the batch is still being sent.
//!
//! Memory is bounded by a few lines, not by the batch: each input line may
//! be up to the body limit (a longer one is answered 413 `body_too_large`
//! on its line, and skipped to its end), at most `concurrency_limit` lines
//! are analysed at once, and the answer is sent as it is made (a slow
//! reader slows the analysis down, nothing piles up). The whole batch has
//! no size limit; the body timeout is the longest the client may pause
//! between two pieces of it. A `Content-Encoding: gzip` batch is inflated
//! as it streams, with the same per-line limit on the inflated lines.
//!
//! The batch takes one analysis slot before it answers (503 `overloaded`
//! for the whole request if none comes); every further line waits for its
//! own slot like any request and, if none comes, answers `overloaded` on
//! its line. Each line has its own time budget.

use std::io::Write;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::{OwnedSemaphorePermit, mpsc, oneshot};

use super::AppState;
use super::error::ApiError;
use super::extract::{self, BodyEncoding, MediaType, NDJSON_TYPES};

/// What the reader hands the writer for one input line: the line's answer,
/// to come.
type Pending = oneshot::Receiver<Result<Vec<u8>, ApiError>>;

/// The handler of `POST /v1/analyze/batch`.
pub async fn analyze(State(state): State<AppState>, req: Request) -> Response {
    match start(state, req).await {
        Ok(res) => res,
        Err(e) => e.into_response(),
    }
}

async fn start(state: AppState, req: Request) -> Result<Response, ApiError> {
    const EXPECTED: &str = "application/x-ndjson (one JSON object per line, UTF-8)";
    match MediaType::from_headers(req.headers()) {
        Some(m) if NDJSON_TYPES.contains(&m.essence.as_str()) && m.charset_ok() => {}
        other => {
            return Err(ApiError::UnsupportedMediaType {
                got: other.map(|m| m.essence),
                expected: EXPECTED,
            });
        }
    }
    let encoding = extract::body_encoding(req.headers())?;
    let (parts, body) = req.into_parts();
    extract::no_query(&parts.uri, "put options on each line")?;
    let first = state.slot().await?;

    let width = state.limits().concurrency.max(1);
    let (pending_tx, pending_rx) = mpsc::channel::<Pending>(width);
    let (out_tx, out_rx) = mpsc::channel::<Bytes>(width);
    tokio::spawn(read_lines(state.clone(), body, encoding, first, pending_tx));
    tokio::spawn(write_answers(state.clone(), pending_rx, out_tx));

    let stream = futures_util::stream::unfold(out_rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|bytes| (Ok::<_, std::convert::Infallible>(bytes), rx))
    });
    let mut res = Response::new(Body::from_stream(stream));
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    Ok(res)
}

/// Splits bytes into lines no longer than `limit`, across chunk ends.
#[derive(Debug)]
pub struct LineSplitter {
    limit: usize,
    partial: Vec<u8>,
    /// The current line passed the limit: skip to its end.
    skipping: bool,
}

/// One line out of a [`LineSplitter`].
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A whole line, without its `\n`.
    Whole(Vec<u8>),
    /// A line that passed the limit (its bytes are not kept).
    TooLong,
}

impl LineSplitter {
    pub fn new(limit: usize) -> Self {
        Self {
            limit,
            partial: Vec::new(),
            skipping: false,
        }
    }

    /// Feeds a chunk; calls `emit` for every line it ends.
    pub fn push(&mut self, mut chunk: &[u8], emit: &mut impl FnMut(Line)) {
        while !chunk.is_empty() {
            let newline = chunk.iter().position(|b| *b == b'\n');
            let (piece, rest, ends) = match newline {
                Some(i) => (&chunk[..i], &chunk[i + 1..], true),
                None => (chunk, &[][..], false),
            };
            if !self.skipping {
                if self.partial.len() + piece.len() > self.limit {
                    self.skipping = true;
                    self.partial = Vec::new();
                } else {
                    self.partial.extend_from_slice(piece);
                }
            }
            if ends {
                if std::mem::take(&mut self.skipping) {
                    emit(Line::TooLong);
                } else {
                    emit(Line::Whole(std::mem::take(&mut self.partial)));
                }
            }
            chunk = rest;
        }
    }

    /// Ends the input: a last line without `\n` is a line too.
    pub fn finish(mut self, emit: &mut impl FnMut(Line)) {
        if self.skipping {
            emit(Line::TooLong);
        } else if !self.partial.is_empty() {
            emit(Line::Whole(std::mem::take(&mut self.partial)));
        }
    }
}

/// Inflates a gzip stream chunk by chunk.
struct Inflater(flate2::write::MultiGzDecoder<Vec<u8>>);

impl Inflater {
    fn feed(&mut self, chunk: &[u8]) -> Result<Vec<u8>, ApiError> {
        self.0.write_all(chunk).map_err(|e| {
            ApiError::InvalidEncoding(format!("the gzip body does not decode: {e}"))
        })?;
        Ok(std::mem::take(self.0.get_mut()))
    }

    fn finish(mut self) -> Result<Vec<u8>, ApiError> {
        self.0.try_finish().map_err(|e| {
            ApiError::InvalidEncoding(format!("the gzip body does not decode: {e}"))
        })?;
        Ok(std::mem::take(self.0.get_mut()))
    }
}

/// Reads the body, and for every line starts its analysis and queues its
/// answer-to-come, in order. Stops at the end of the body, at a read
/// error or pause past the body timeout (answered on one last line), or
/// when the client has gone.
async fn read_lines(
    state: AppState,
    body: Body,
    encoding: BodyEncoding,
    first: OwnedSemaphorePermit,
    pending: mpsc::Sender<Pending>,
) {
    let limits = state.limits().clone();
    let mut splitter = LineSplitter::new(limits.body_limit);
    let mut inflater = (encoding == BodyEncoding::Gzip)
        .then(|| Inflater(flate2::write::MultiGzDecoder::new(Vec::new())));
    let mut first = Some(first);
    let mut lines: Vec<Line> = Vec::new();
    let mut body = std::pin::pin!(body);
    let mut failure: Option<ApiError> = None;
    loop {
        let next = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx));
        let frame = match tokio::time::timeout(limits.body_timeout, next).await {
            Err(_) => {
                failure = Some(ApiError::BodyTimeout);
                break;
            }
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                failure = Some(ApiError::BodyUnreadable(e.to_string()));
                break;
            }
            Ok(Some(Ok(frame))) => frame,
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        let data = match inflater.as_mut() {
            Some(inf) => match inf.feed(&data) {
                Ok(d) => Bytes::from(d),
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            },
            None => data,
        };
        splitter.push(&data, &mut |l| lines.push(l));
        for line in lines.drain(..) {
            if !queue(&state, line, &mut first, &pending).await {
                return;
            }
        }
    }
    if failure.is_none()
        && let Some(inf) = inflater.take()
    {
        match inf.finish() {
            Ok(rest) => splitter.push(&rest, &mut |l| lines.push(l)),
            Err(e) => failure = Some(e),
        }
    }
    if failure.is_none() {
        splitter.finish(&mut |l| lines.push(l));
    }
    for line in lines.drain(..) {
        if !queue(&state, line, &mut first, &pending).await {
            return;
        }
    }
    if let Some(e) = failure {
        let (tx, rx) = oneshot::channel();
        let _ = tx.send(Err(e));
        let _ = pending.send(rx).await;
    }
}

/// Starts one line's analysis (the batch's first slot goes to its first
/// article) and queues its answer; false once the client has gone.
async fn queue(
    state: &AppState,
    line: Line,
    first: &mut Option<OwnedSemaphorePermit>,
    pending: &mpsc::Sender<Pending>,
) -> bool {
    let (tx, rx) = oneshot::channel();
    // Waits while `concurrency_limit` answers are pending: the bound on work
    // in flight and on memory.
    if pending.send(rx).await.is_err() {
        return false;
    }
    let input = match line {
        Line::TooLong => Err(ApiError::BodyTooLarge {
            limit: state.limits().body_limit,
        }),
        Line::Whole(bytes) => extract::batch_line(&bytes),
    };
    let input = match input {
        Ok(input) => input,
        Err(e) => {
            let _ = tx.send(Err(e));
            return true;
        }
    };
    let slot = first.take();
    let state = state.clone();
    tokio::spawn(async move {
        let slot = match slot {
            Some(s) => Ok(s),
            None => state.slot().await,
        };
        let answer = match slot {
            Ok(slot) => state.run(input, slot).await,
            Err(e) => Err(e),
        };
        let _ = tx.send(answer);
    });
    true
}

/// Writes each line's answer as it comes, in input order.
async fn write_answers(
    state: AppState,
    mut pending: mpsc::Receiver<Pending>,
    out: mpsc::Sender<Bytes>,
) {
    while let Some(rx) = pending.recv().await {
        let answer = rx.await.unwrap_or_else(|_| {
            tracing::error!("batch line task ended without an answer");
            Err(ApiError::Internal)
        });
        let mut line = match answer {
            Ok(json) => {
                state.inner.metrics.record_batch_line("ok");
                json
            }
            Err(e) => {
                state.inner.metrics.record_batch_line(e.code());
                // A problem always serialises: plain strings and numbers.
                serde_json::to_vec(&e.problem()).unwrap_or_default()
            }
        };
        line.push(b'\n');
        if out.send(Bytes::from(line)).await.is_err() {
            return; // the client has gone
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(chunks: &[&[u8]], limit: usize) -> Vec<Line> {
        let mut s = LineSplitter::new(limit);
        let mut out = Vec::new();
        for c in chunks {
            s.push(c, &mut |l| out.push(l));
        }
        s.finish(&mut |l| out.push(l));
        out
    }

    fn whole(s: &str) -> Line {
        Line::Whole(s.as_bytes().to_vec())
    }

    #[test]
    fn lines_cross_chunk_ends() {
        assert_eq!(
            split(&[b"ab", b"c\nd", b"e\n\nf"], 10),
            [whole("abc"), whole("de"), whole(""), whole("f")]
        );
        assert_eq!(
            split(&[b"a\n"], 10),
            [whole("a")],
            "a final newline ends the last line"
        );
        assert!(split(&[], 10).is_empty());
    }

    #[test]
    fn a_line_over_the_limit_is_skipped_to_its_end() {
        assert_eq!(
            split(&[b"ok\n0123", b"456789abc", b"def\nnext\n"], 8),
            [whole("ok"), Line::TooLong, whole("next")]
        );
        assert_eq!(split(&[b"0123456789"], 8), [Line::TooLong]);
        assert_eq!(
            split(&[b"01234567\n"], 8),
            [whole("01234567")],
            "the limit itself fits"
        );
    }
}
