//! `POST /v1/analyze/batch`, streamed: NDJSON lines are read as they
//! arrive, analysed, and answered one output line per input line, in order,
//! while the rest of the batch is still being sent.
//!
//! Memory is bounded by a few lines, not by the batch: each input line may
//! be up to the body limit (a longer one is answered 413 `body_too_large`
//! on its line, and skipped to its end), at most `concurrency_limit` lines
//! are analysed at once, and the answer is sent as it is made (a slow
//! reader slows the analysis down, nothing piles up). The buffers are
//! charged to the shared body memory budget. The body timeout is the
//! longest the client may pause between two pieces of the batch. A
//! `Content-Encoding: gzip` batch is inflated as it streams, with the same
//! per-line limit on the inflated lines.
//!
//! The answer is bounded too, by `batch_line_limit` lines. The first body
//! limit's worth of bytes is read before answering: a batch that ends
//! within it (most batches) is counted first and refused whole with 413
//! `batch_too_large` when it has too many lines, before any work; a longer
//! batch is streamed, and a line past the limit is answered with one last
//! `batch_too_large` line that ends the answer.
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
use super::extract::{self, BodyEncoding, MediaType, NDJSON_TYPES, OwnedCharge};

/// What the reader hands the writer for one input line: the line's answer,
/// to come.
type Pending = oneshot::Receiver<Result<Vec<u8>, ApiError>>;

/// What a batch does with each line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `POST /v1/analyze/batch`: answer its analysis.
    Analyze,
    /// `POST /v1/articles/batch`: analyse and store it, answer
    /// `{"id", "replaced", "facts"}`.
    Store,
}

/// The handler of `POST /v1/analyze/batch`.
pub async fn analyze(State(state): State<AppState>, req: Request) -> Response {
    match start(state, req, Mode::Analyze).await {
        Ok(res) => res,
        Err(e) => e.into_response(),
    }
}

/// The handler of `POST /v1/articles/batch`: the same stream, each line a
/// `POST /v1/articles` body, each stored in its own transaction (a bad
/// line or a failed store fails only its line).
pub async fn store(State(state): State<AppState>, req: Request) -> Response {
    if let Err(e) = state.archive() {
        return e.into_response();
    }
    match start(state, req, Mode::Store).await {
        Ok(res) => res,
        Err(e) => e.into_response(),
    }
}

async fn start(state: AppState, req: Request, mode: Mode) -> Result<Response, ApiError> {
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
    let mut input = Input {
        head: Vec::new(),
        rest: Some(body),
        encoding,
        charge: state.inner.body_budget.owned_charge(),
    };
    read_head(&state, &mut input).await?;
    let first = state.slot().await?;

    let width = state.limits().concurrency.max(1);
    let (pending_tx, pending_rx) = mpsc::channel::<Pending>(width);
    let (out_tx, mut out_rx) = mpsc::channel::<Bytes>(width);
    tokio::spawn(read_lines(state.clone(), input, first, pending_tx, mode));
    tokio::spawn(write_answers(state.clone(), pending_rx, out_tx));

    // A receiver polled after its end keeps answering the end (layers such
    // as compression poll once more), unlike an `unfold` stream.
    let stream = futures_util::stream::poll_fn(move |cx| {
        out_rx
            .poll_recv(cx)
            .map(|chunk| chunk.map(Ok::<_, std::convert::Infallible>))
    });
    let mut res = Response::new(Body::from_stream(stream));
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    Ok(res)
}

/// The batch's body: what was read before answering, and the rest.
struct Input {
    /// Bytes read ahead, as sent (compressed when `encoding` says so).
    head: Vec<u8>,
    /// The body still to read; none when `head` holds all of it.
    rest: Option<Body>,
    encoding: BodyEncoding,
    /// The body memory this batch's buffers hold.
    charge: OwnedCharge,
}

/// Fails with `timeout`'s problem when the client pauses past it.
async fn next_chunk(
    body: &mut Body,
    timeout: std::time::Duration,
) -> Result<Option<Bytes>, ApiError> {
    loop {
        let next = std::future::poll_fn(|cx| std::pin::Pin::new(&mut *body).poll_frame(cx));
        match tokio::time::timeout(timeout, next).await {
            Err(_) => return Err(ApiError::BodyTimeout),
            Ok(None) => return Ok(None),
            Ok(Some(Err(e))) => return Err(ApiError::BodyUnreadable(e.to_string())),
            Ok(Some(Ok(frame))) => {
                if let Ok(data) = frame.into_data() {
                    return Ok(Some(data));
                }
            }
        }
    }
}

/// Reads up to the body limit ahead. A batch that ends within it is
/// decoded and counted now: too many lines is a 413 for the whole batch.
async fn read_head(state: &AppState, input: &mut Input) -> Result<(), ApiError> {
    let limits = state.limits();
    let Some(body) = input.rest.as_mut() else {
        return Ok(());
    };
    // One chunk past the limit tells a batch of exactly the limit from a longer one.
    while input.head.len() <= limits.body_limit {
        match next_chunk(body, limits.body_timeout).await? {
            None => {
                input.rest = None;
                break;
            }
            Some(data) => {
                if !input.charge.hold(input.head.len() + data.len()) {
                    return Err(ApiError::Saturated(
                        "the memory for request bodies being read is in use",
                    ));
                }
                input.head.extend_from_slice(&data);
            }
        }
    }
    if input.rest.is_some() {
        return Ok(());
    }
    // The whole batch is here: inflate it (when it fits the limit once
    // inflated; a larger one streams) and count its lines.
    let plain = match input.encoding {
        BodyEncoding::Identity => Some(std::mem::take(&mut input.head)),
        BodyEncoding::Gzip => {
            let packed = Bytes::from(std::mem::take(&mut input.head));
            match extract::decode_body(BodyEncoding::Gzip, packed.clone(), limits.body_limit) {
                Ok(plain) => Some(plain.to_vec()),
                Err(ApiError::BodyTooLarge { .. }) => {
                    input.head = packed.to_vec();
                    None
                }
                Err(e) => return Err(e),
            }
        }
    };
    if let Some(plain) = plain {
        let lines = extract::batch_line_count(&plain);
        if lines > limits.batch_line_limit {
            return Err(ApiError::BatchTooLarge {
                lines,
                limit: limits.batch_line_limit,
            });
        }
        input.head = plain;
        input.encoding = BodyEncoding::Identity;
    }
    Ok(())
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

    /// Bytes held for the line not yet ended.
    pub fn buffered(&self) -> usize {
        self.partial.capacity()
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
/// error, a pause past the body timeout, a line past the batch line limit
/// or the body memory budget (each answered on one last line), or when
/// the client has gone.
async fn read_lines(
    state: AppState,
    mut input: Input,
    first: OwnedSemaphorePermit,
    pending: mpsc::Sender<Pending>,
    mode: Mode,
) {
    let limits = state.limits().clone();
    let mut splitter = LineSplitter::new(limits.body_limit);
    let mut inflater = (input.encoding == BodyEncoding::Gzip)
        .then(|| Inflater(flate2::write::MultiGzDecoder::new(Vec::new())));
    let mut first = Some(first);
    let mut count = 0usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut chunk = Some(Bytes::from(std::mem::take(&mut input.head)));
    let failure = loop {
        if let Some(data) = chunk.take() {
            let data = match inflater.as_mut() {
                Some(inf) => match inf.feed(&data) {
                    Ok(d) => Bytes::from(d),
                    Err(e) => break Some(e),
                },
                None => data,
            };
            splitter.push(&data, &mut |l| lines.push(l));
            if !input.charge.hold(splitter.buffered()) {
                break Some(ApiError::Saturated(
                    "the memory for request bodies being read is in use",
                ));
            }
            match queue_all(&state, &mut lines, &mut count, &mut first, &pending, mode).await {
                Flow::Go => {}
                Flow::Gone => return,
                Flow::Stop(e) => break Some(e),
            }
        }
        let Some(body) = input.rest.as_mut() else {
            break None;
        };
        match next_chunk(body, limits.body_timeout).await {
            Ok(Some(data)) => chunk = Some(data),
            Ok(None) => {
                input.rest = None;
            }
            Err(e) => break Some(e),
        }
    };
    let failure = match failure {
        Some(e) => Some(e),
        None => {
            let rest = match inflater.take() {
                Some(inf) => inf.finish(),
                None => Ok(Vec::new()),
            };
            match rest {
                Ok(rest) => {
                    splitter.push(&rest, &mut |l| lines.push(l));
                    splitter.finish(&mut |l| lines.push(l));
                    match queue_all(&state, &mut lines, &mut count, &mut first, &pending, mode)
                        .await
                    {
                        Flow::Go => None,
                        Flow::Gone => return,
                        Flow::Stop(e) => Some(e),
                    }
                }
                Err(e) => Some(e),
            }
        }
    };
    if let Some(e) = failure {
        let (tx, rx) = oneshot::channel();
        let _ = tx.send(Err(e));
        let _ = pending.send(rx).await;
    }
}

/// What reading does after queueing lines.
enum Flow {
    Go,
    /// The client has gone: stop quietly.
    Gone,
    /// Stop, with this problem as the answer's last line.
    Stop(ApiError),
}

/// Queues every line split so far, counting them against the batch line
/// limit.
async fn queue_all(
    state: &AppState,
    lines: &mut Vec<Line>,
    count: &mut usize,
    first: &mut Option<OwnedSemaphorePermit>,
    pending: &mpsc::Sender<Pending>,
    mode: Mode,
) -> Flow {
    let limit = state.limits().batch_line_limit;
    for line in lines.drain(..) {
        *count += 1;
        if *count > limit {
            return Flow::Stop(ApiError::BatchTooLarge {
                lines: *count,
                limit,
            });
        }
        if !queue(state, line, first, pending, mode).await {
            return Flow::Gone;
        }
    }
    Flow::Go
}

/// Starts one line's analysis (the batch's first slot goes to its first
/// article) and queues its answer; false once the client has gone.
async fn queue(
    state: &AppState,
    line: Line,
    first: &mut Option<OwnedSemaphorePermit>,
    pending: &mpsc::Sender<Pending>,
    mode: Mode,
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
        Line::Whole(bytes) => match mode {
            Mode::Analyze => extract::batch_line(&bytes).map(|i| (i, Default::default())),
            Mode::Store => extract::archive_batch_line(&bytes),
        },
    };
    let (input, fields) = match input {
        Ok(input) => input,
        Err(e) => {
            let _ = tx.send(Err(e));
            return true;
        }
    };
    let slot = first.take();
    let state = state.clone();
    if mode == Mode::Store {
        tokio::spawn(async move {
            let answer = super::archive::store_article(&state, input, fields, slot)
                .await
                .and_then(|(stored, _)| {
                    serde_json::to_vec(&stored).map_err(|_| ApiError::Internal)
                });
            let _ = tx.send(answer);
        });
        return true;
    }
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
