//! Extractors: raw requests become validated [`ArticleInput`]s at the edge.
//!
//! Every failure is an [`ApiError`] (a problem document), never one of
//! axum's plain-text rejections. The body is read whole, up to the limit
//! and within the body timeout, before any analysis slot is taken, so a
//! slow client holds a connection but never an analysis slot.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::{Body as HttpBodyStream, Bytes, HttpBody};
use axum::extract::{FromRequest, Query, Request};
use axum::http::{HeaderMap, Uri, header};
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::AppState;
use super::error::ApiError;
use crate::analysis::{ArticleInput, Body, OffsetUnit, Options, Part};

/// Media types `POST /v1/analyze/batch` takes.
pub const NDJSON_TYPES: [&str; 3] = [
    "application/x-ndjson",
    "application/ndjson",
    "application/jsonl",
];

/// The content type of a request, lower-cased, without parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaType {
    pub essence: String,
    pub charset: Option<String>,
}

impl MediaType {
    /// Parses `Content-Type`; `None` when absent or not ASCII.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let raw = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
        let mut parts = raw.split(';');
        let essence = parts.next()?.trim().to_ascii_lowercase();
        let charset = parts.find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| v.trim().trim_matches('"').to_ascii_lowercase())
        });
        Some(Self { essence, charset })
    }

    fn is_json(&self) -> bool {
        self.essence == "application/json"
            || (self.essence.starts_with("application/") && self.essence.ends_with("+json"))
    }

    /// Only UTF-8 (and its subset ASCII) is accepted.
    pub fn charset_ok(&self) -> bool {
        self.charset
            .as_deref()
            .is_none_or(|c| matches!(c, "utf-8" | "utf8" | "us-ascii" | "ascii"))
    }
}

/// The memory all request bodies being read may take together
/// (`--body-memory`), counted in bytes of buffer as they are allocated.
///
/// A body is charged for its buffer as its bytes arrive, never for the
/// `Content-Length` it declares, so clients that send only headers cost
/// nothing; the charge is given back when the body has been read.
#[derive(Debug)]
pub struct BodyBudget {
    limit: usize,
    used: Arc<AtomicUsize>,
}

impl BodyBudget {
    pub fn new(limit: usize) -> Self {
        Self::counting_in(limit, Arc::default())
    }

    /// A budget whose bytes in use are kept in `used` (a metrics gauge).
    pub fn counting_in(limit: usize, used: Arc<AtomicUsize>) -> Self {
        Self { limit, used }
    }

    /// Bytes charged now.
    pub fn in_use(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    /// Charges `n` more bytes, or nothing when that would pass the limit.
    fn take(&self, n: usize) -> bool {
        self.used
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |used| {
                used.checked_add(n).filter(|total| *total <= self.limit)
            })
            .is_ok()
    }
}

impl BodyBudget {
    /// A charge on this budget that owns its share of it, for a body read
    /// by a task of its own (the streaming batch).
    pub fn owned_charge(&self) -> OwnedCharge {
        OwnedCharge {
            used: self.used.clone(),
            limit: self.limit,
            bytes: 0,
        }
    }
}

/// Bytes of a [`BodyBudget`] held by one body, given back on drop.
#[derive(Debug)]
pub struct OwnedCharge {
    used: Arc<AtomicUsize>,
    limit: usize,
    bytes: usize,
}

impl OwnedCharge {
    /// Charges up to `total` bytes in all (never less than already held);
    /// false, charging nothing more, when that would pass the budget.
    pub fn hold(&mut self, total: usize) -> bool {
        let Some(more) = total.checked_sub(self.bytes).filter(|n| *n > 0) else {
            return true;
        };
        let limit = self.limit;
        let ok = self
            .used
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |used| {
                used.checked_add(more).filter(|t| *t <= limit)
            })
            .is_ok();
        if ok {
            self.bytes = total;
        }
        ok
    }
}

impl Drop for OwnedCharge {
    fn drop(&mut self) {
        self.used.fetch_sub(self.bytes, Ordering::SeqCst);
    }
}

/// The bytes one body holds of a [`BodyBudget`], given back on drop.
struct Charge<'a> {
    budget: &'a BodyBudget,
    bytes: usize,
}

impl Charge<'_> {
    fn grow(&mut self, n: usize) -> bool {
        let ok = self.budget.take(n);
        if ok {
            self.bytes += n;
        }
        ok
    }
}

impl Drop for Charge<'_> {
    fn drop(&mut self) {
        self.budget.used.fetch_sub(self.bytes, Ordering::SeqCst);
    }
}

/// The first buffer of a body of unknown size; it doubles from there.
const FIRST_BUFFER: usize = 16 * 1024;

/// Reads a whole body: refuses it whole (413) when the declared length or
/// the bytes received pass `limit`, answers 408 when the client has not
/// sent it all within `timeout`, and 503 `overloaded` when its buffer
/// would pass what is left of `budget`.
///
/// The buffer grows (doubling, never past `limit`) as bytes arrive; the
/// declared `Content-Length` only refuses a body early, it never sizes a
/// buffer, so a client declaring 1 MiB and sending nothing costs nothing.
pub async fn read_body(
    headers: &HeaderMap,
    body: HttpBodyStream,
    limit: usize,
    timeout: Duration,
    budget: &BodyBudget,
) -> Result<Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ApiError::BodyTooLarge { limit });
    }
    // The first buffer, made when the first bytes arrive: a body declared
    // smaller than FIRST_BUFFER gets just its size.
    let first = declared.map_or(FIRST_BUFFER, |n| (n as usize).min(FIRST_BUFFER));
    let read = async move {
        let mut body = std::pin::pin!(body);
        let mut buf: Vec<u8> = Vec::new();
        let mut charge = Charge { budget, bytes: 0 };
        while let Some(frame) = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
            let frame = frame.map_err(|e| ApiError::BodyUnreadable(e.to_string()))?;
            let Ok(data) = frame.into_data() else {
                continue;
            };
            let need = buf.len() + data.len();
            if need > limit {
                return Err(ApiError::BodyTooLarge { limit });
            }
            if need > charge.bytes {
                let size = need
                    .max(charge.bytes.saturating_mul(2))
                    .max(first)
                    .min(limit);
                if !charge.grow(size - charge.bytes) {
                    return Err(ApiError::Saturated(
                        "the memory for request bodies being read is in use",
                    ));
                }
                buf.reserve_exact(size - buf.len());
            }
            buf.extend_from_slice(&data);
        }
        Ok(Bytes::from(buf))
    };
    tokio::time::timeout(timeout, read)
        .await
        .map_err(|_| ApiError::BodyTimeout)?
}

/// How a request body is encoded on the wire (`Content-Encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    Identity,
    Gzip,
}

/// Reads `Content-Encoding`: absent or `identity` is the body as is, `gzip`
/// (or `x-gzip`) is decompressed; anything else, or several codings, is a
/// 415 naming it, answered before the body is read.
pub fn body_encoding(headers: &HeaderMap) -> Result<BodyEncoding, ApiError> {
    let mut encoding = BodyEncoding::Identity;
    for value in headers.get_all(header::CONTENT_ENCODING) {
        let raw = value.to_str().unwrap_or("(not ASCII)");
        for coding in raw.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            match coding.to_ascii_lowercase().as_str() {
                "identity" => {}
                "gzip" | "x-gzip" if encoding == BodyEncoding::Identity => {
                    encoding = BodyEncoding::Gzip;
                }
                _ => {
                    return Err(ApiError::UnsupportedEncoding {
                        got: raw.chars().take(64).collect(),
                    });
                }
            }
        }
    }
    Ok(encoding)
}

/// Undoes the body's `Content-Encoding`. The decompressed size is bound by
/// the same `limit` as a plain body, checked while decompressing, so a
/// small compressed body that expands past it (a zip bomb) is a 413 after
/// at most `limit + 1` bytes of output, never a large allocation.
pub fn decode_body(encoding: BodyEncoding, bytes: Bytes, limit: usize) -> Result<Bytes, ApiError> {
    use std::io::Read;
    match encoding {
        BodyEncoding::Identity => Ok(bytes),
        BodyEncoding::Gzip => {
            let mut out = Vec::new();
            let decoder = flate2::read::MultiGzDecoder::new(&bytes[..]);
            decoder
                .take(limit as u64 + 1)
                .read_to_end(&mut out)
                .map_err(|e| {
                    ApiError::InvalidEncoding(format!("the gzip body does not decode: {e}"))
                })?;
            if out.len() > limit {
                return Err(ApiError::BodyTooLarge { limit });
            }
            Ok(Bytes::from(out))
        }
    }
}

/// The body as UTF-8.
fn utf8(bytes: &[u8]) -> Result<&str, ApiError> {
    std::str::from_utf8(bytes).map_err(|e| ApiError::InvalidUtf8 {
        valid_up_to: e.valid_up_to(),
    })
}

/// The query string as name/value pairs.
pub fn query_pairs(uri: &Uri) -> Result<Vec<(String, String)>, ApiError> {
    match Query::<Vec<(String, String)>>::try_from_uri(uri) {
        Ok(Query(pairs)) => Ok(pairs),
        Err(e) => Err(ApiError::invalid("query", format!("bad query string: {e}"))),
    }
}

/// Fails when a route that takes no query parameters gets some.
pub fn no_query(uri: &Uri, why: &str) -> Result<(), ApiError> {
    match query_pairs(uri)?.first() {
        Some((name, _)) => Err(ApiError::invalid(
            name.clone(),
            format!("query parameter `{name}` is not accepted here: {why}"),
        )),
        None => Ok(()),
    }
}

/// A 422 for a value that does not parse, naming the field first.
fn bad_value(field: &str, e: String) -> ApiError {
    ApiError::invalid(field, format!("`{field}`: {e}"))
}

/// Parses a comma-separated `include` value (empty: no optional part).
fn parse_include_list(field: &str, v: &str, into: &mut Vec<Part>) -> Result<(), ApiError> {
    for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let part: Part = item.parse().map_err(|e| bad_value(field, e))?;
        if !into.contains(&part) {
            into.push(part);
        }
    }
    Ok(())
}

/// Parses `published`: an ISO date, or an RFC 3339 timestamp (its date is used).
fn parse_published(field: &str, v: &str) -> Result<NaiveDate, ApiError> {
    let v = v.trim();
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .or_else(|_| chrono::DateTime::parse_from_rfc3339(v).map(|d| d.date_naive()))
        .map_err(|_| {
            ApiError::invalid(
                field,
                format!("`{field}` must be an ISO 8601 date such as 2025-10-25, got {v:?}"),
            )
        })
}

/// What the query string sets: options, `published` and `url`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryDefaults {
    pub options: Options,
    pub published: Option<NaiveDate>,
    pub url: Option<String>,
}

/// Parses the query parameters `offset_unit`, `include` (comma-separated
/// or repeated), `published` and `url`; any other name is a 422.
pub fn query_defaults(uri: &Uri) -> Result<QueryDefaults, ApiError> {
    query_defaults_of(query_pairs(uri)?)
}

/// [`query_defaults`] over pairs already split.
fn query_defaults_of(pairs: Vec<(String, String)>) -> Result<QueryDefaults, ApiError> {
    let mut d = QueryDefaults::default();
    let mut include: Option<Vec<Part>> = None;
    for (name, value) in pairs {
        match name.as_str() {
            "offset_unit" => {
                d.options.offset_unit = value
                    .parse::<OffsetUnit>()
                    .map_err(|e| bad_value("offset_unit", e))?;
            }
            "include" => parse_include_list("include", &value, include.get_or_insert_default())?,
            "published" => d.published = Some(parse_published("published", &value)?),
            "url" => d.url = Some(value),
            other => {
                return Err(ApiError::invalid(
                    other,
                    format!(
                        "unknown query parameter `{other}` (offset_unit, include, published, url)"
                    ),
                ));
            }
        }
    }
    d.options.include = include;
    Ok(d)
}

/// Builds an article from a text/plain or text/html body and the query
/// parameters (see [`query_defaults`]).
pub fn article_from_query(body: Body, uri: &Uri) -> Result<ArticleInput, ApiError> {
    let d = query_defaults(uri)?;
    let mut input = ArticleInput::new(body)?;
    input.options = d.options;
    input.published = d.published;
    input.url = d.url;
    Ok(input)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong_type(field: &str, want: &str, got: &Value) -> ApiError {
    ApiError::invalid(
        field,
        format!("`{field}` must be {want}, got {}", kind_of(got)),
    )
}

/// `Some(&str)` for a string, `None` for null or absent, an error otherwise.
fn opt_str<'v>(map: &'v Map<String, Value>, field: &str) -> Result<Option<&'v str>, ApiError> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(wrong_type(field, "a string", other)),
    }
}

/// Parses `options` over `base`: each field given replaces the base's.
fn parse_options(v: &Value, base: Options) -> Result<Options, ApiError> {
    let mut options = base;
    let map = match v {
        Value::Null => return Ok(options),
        Value::Object(m) => m,
        other => return Err(wrong_type("options", "an object", other)),
    };
    for (key, value) in map {
        match key.as_str() {
            "offset_unit" => match value {
                Value::Null => {}
                Value::String(s) => {
                    options.offset_unit =
                        s.parse().map_err(|e| bad_value("options.offset_unit", e))?;
                }
                other => return Err(wrong_type("options.offset_unit", "a string", other)),
            },
            "include" => match value {
                Value::Null => {}
                Value::Array(items) => {
                    let mut parts = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        let field = format!("options.include[{i}]");
                        let Value::String(s) = item else {
                            return Err(wrong_type(&field, "a string", item));
                        };
                        let part: Part = s.parse().map_err(|e| bad_value(&field, e))?;
                        if !parts.contains(&part) {
                            parts.push(part);
                        }
                    }
                    options.include = Some(parts);
                }
                other => return Err(wrong_type("options.include", "an array of strings", other)),
            },
            other => {
                return Err(ApiError::invalid(
                    format!("options.{other}"),
                    format!("unknown field `options.{other}` (offset_unit, include)"),
                ));
            }
        }
    }
    Ok(options)
}

/// Builds an article from one JSON document (a request body or a batch line).
///
/// Shape: `{"text": …}` or `{"html": …}` (exactly one), optional `url`,
/// `published` and `options` (`offset_unit`, `include`); anything else is
/// a 422 naming the field, malformed JSON a 400.
pub fn article_from_json(json: &str) -> Result<ArticleInput, ApiError> {
    article_from_json_over(json, &QueryDefaults::default())
}

/// Like [`article_from_json`], with query parameters as defaults: a field
/// the JSON gives (not null) wins over the query's.
pub fn article_from_json_over(json: &str, d: &QueryDefaults) -> Result<ArticleInput, ApiError> {
    article_from_map(json_object(json)?, d)
}

/// The body as a JSON object: 400 when it does not parse, 422 when it is
/// not an object.
fn json_object(json: &str) -> Result<Map<String, Value>, ApiError> {
    let value: Value =
        serde_json::from_str(json).map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    match value {
        Value::Object(map) => Ok(map),
        other => Err(ApiError::invalid(
            "",
            format!(
                "the body must be a JSON object such as {{\"text\": \"…\"}}, got {}",
                kind_of(&other)
            ),
        )),
    }
}

/// An analysis request from its JSON object (see [`article_from_json`]).
fn article_from_map(map: Map<String, Value>, d: &QueryDefaults) -> Result<ArticleInput, ApiError> {
    for key in map.keys() {
        if !matches!(
            key.as_str(),
            "text" | "html" | "url" | "published" | "options"
        ) {
            return Err(ApiError::invalid(
                key.clone(),
                format!("unknown field `{key}` (text, html, url, published, options)"),
            ));
        }
    }
    let body = match (opt_str(&map, "text")?, opt_str(&map, "html")?) {
        (Some(t), None) => Body::Text(t.to_string()),
        (None, Some(h)) => Body::Html(h.to_string()),
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid(
                "html",
                "give either `text` or `html`, not both",
            ));
        }
        (None, None) => {
            return Err(ApiError::invalid(
                "text",
                "the article is missing: give `text` or `html`",
            ));
        }
    };
    let url = opt_str(&map, "url")?
        .map(str::to_string)
        .or_else(|| d.url.clone());
    let published = opt_str(&map, "published")?
        .map(|s| parse_published("published", s))
        .transpose()?
        .or(d.published);
    let options = match map.get("options") {
        Some(v) => parse_options(v, d.options.clone())?,
        None => d.options.clone(),
    };
    let mut input = ArticleInput::new(body)?;
    input.url = url;
    input.published = published;
    input.options = options;
    Ok(input)
}

/// `POST /v1/analyze`'s input: one validated article, from a text/plain,
/// text/html or application/json body.
#[derive(Debug)]
pub struct Article(pub ArticleInput);

impl FromRequest<AppState> for Article {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let (input, _) = read_article(req, state, false).await?;
        Ok(Self(input))
    }
}

/// What `POST /v1/articles` takes besides an analysis request: the
/// article's `id` and `outlet`, JSON fields (or query parameters with a
/// text or HTML body).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArchiveFields {
    pub id: Option<String>,
    pub outlet: Option<String>,
}

/// The longest article id.
pub const MAX_ID_LEN: usize = 128;

/// Checks an article id: 1 to [`MAX_ID_LEN`] ASCII letters, digits and
/// `.`, `_`, `-`, `~`, `:` (it goes into paths unescaped).
pub fn parse_id(field: &str, v: &str) -> Result<String, ApiError> {
    let ok = !v.is_empty()
        && v.len() <= MAX_ID_LEN
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'~' | b':'));
    if ok {
        Ok(v.to_string())
    } else {
        Err(ApiError::invalid(
            field,
            format!(
                "`{field}` must be 1 to {MAX_ID_LEN} ASCII letters, digits or . _ - ~ :, got {v:?}"
            ),
        ))
    }
}

fn parse_outlet(field: &str, v: &str) -> Result<String, ApiError> {
    let v = v.trim();
    if v.is_empty() || v.chars().count() > 200 || v.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            field,
            format!("`{field}` must be a name of 1 to 200 characters, no control characters"),
        ));
    }
    Ok(v.to_string())
}

/// `id` and `outlet` taken out of a JSON object (null: not given).
fn take_archive_fields(map: &mut Map<String, Value>) -> Result<ArchiveFields, ApiError> {
    let id = opt_str(map, "id")?.map(|v| parse_id("id", v)).transpose()?;
    let outlet = opt_str(map, "outlet")?
        .map(|v| parse_outlet("outlet", v))
        .transpose()?;
    map.remove("id");
    map.remove("outlet");
    Ok(ArchiveFields { id, outlet })
}

/// One line of `POST /v1/articles/batch`: an analysis request with
/// optional `id` and `outlet`.
pub fn archive_batch_line(line: &[u8]) -> Result<(ArticleInput, ArchiveFields), ApiError> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let text = utf8(line)?;
    if text.trim().is_empty() {
        return Err(ApiError::InvalidJson(
            "blank line: each line must be one JSON object".into(),
        ));
    }
    let mut map = json_object(text)?;
    let fields = take_archive_fields(&mut map)?;
    Ok((article_from_map(map, &QueryDefaults::default())?, fields))
}

/// `POST /v1/articles`' input: an article and its `id` and `outlet`.
#[derive(Debug)]
pub struct ArchiveArticle(pub ArticleInput, pub ArchiveFields);

impl FromRequest<AppState> for ArchiveArticle {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let (input, fields) = read_article(req, state, true).await?;
        Ok(Self(input, fields))
    }
}

/// Reads one article from a text/plain, text/html or application/json
/// body; with `archive`, `id` and `outlet` are taken too.
async fn read_article(
    req: Request,
    state: &AppState,
    archive: bool,
) -> Result<(ArticleInput, ArchiveFields), ApiError> {
    let kind = body_kind(MediaType::from_headers(req.headers()))?;
    let encoding = body_encoding(req.headers())?;
    let (parts, body) = req.into_parts();
    let limits = &state.inner.limits;
    let bytes = read_body(
        &parts.headers,
        body,
        limits.body_limit,
        limits.body_timeout,
        &state.inner.body_budget,
    )
    .await?;
    let bytes = decode_body(encoding, bytes, limits.body_limit)?;
    let text = utf8(&bytes)?;
    let mut fields = ArchiveFields::default();
    let mut pairs = query_pairs(&parts.uri)?;
    if archive {
        pairs = take_archive_params(pairs, &mut fields)?;
    }
    let d = query_defaults_of(pairs)?;
    let from_query = |body: Body| -> Result<ArticleInput, ApiError> {
        let mut input = ArticleInput::new(body)?;
        input.options = d.options.clone();
        input.published = d.published;
        input.url = d.url.clone();
        Ok(input)
    };
    let input = match kind {
        Kind::Text => from_query(Body::Text(text.to_string()))?,
        Kind::Html => from_query(Body::Html(text.to_string()))?,
        Kind::Json => {
            let mut map = json_object(text)?;
            if archive {
                let json = take_archive_fields(&mut map)?;
                fields.id = json.id.or(fields.id);
                fields.outlet = json.outlet.or(fields.outlet);
            }
            article_from_map(map, &d)?
        }
    };
    Ok((input, fields))
}

/// What an article body is, by its media type: text, HTML or JSON in
/// UTF-8; anything else is refused.
fn body_kind(media: Option<MediaType>) -> Result<Kind, ApiError> {
    const EXPECTED: &str = "text/plain, text/html or application/json (UTF-8)";
    match &media {
        Some(m) if !m.charset_ok() => Err(ApiError::UnsupportedMediaType {
            got: Some(format!(
                "{}; charset={}",
                m.essence,
                m.charset.as_deref().unwrap_or("")
            )),
            expected: EXPECTED,
        }),
        Some(m) if m.essence == "text/plain" => Ok(Kind::Text),
        Some(m) if m.essence == "text/html" || m.essence == "application/xhtml+xml" => {
            Ok(Kind::Html)
        }
        Some(m) if m.is_json() => Ok(Kind::Json),
        other => Err(ApiError::UnsupportedMediaType {
            got: other.as_ref().map(|m| m.essence.clone()),
            expected: EXPECTED,
        }),
    }
}

/// Takes the archive's `id` and `outlet` out of the query parameters into
/// `fields`; the other parameters.
fn take_archive_params(
    pairs: Vec<(String, String)>,
    fields: &mut ArchiveFields,
) -> Result<Vec<(String, String)>, ApiError> {
    let mut rest = Vec::with_capacity(pairs.len());
    for (name, value) in pairs {
        match name.as_str() {
            "id" => fields.id = Some(parse_id("id", &value)?),
            "outlet" => fields.outlet = Some(parse_outlet("outlet", &value)?),
            _ => rest.push((name, value)),
        }
    }
    Ok(rest)
}

enum Kind {
    Text,
    Html,
    Json,
}

/// The number of lines [`batch_lines`] splits `bytes` into, counted
/// without parsing any, so an oversize batch is refused before any work.
pub fn batch_line_count(bytes: &[u8]) -> usize {
    if bytes.is_empty() {
        return 0;
    }
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    body.iter().filter(|b| **b == b'\n').count() + 1
}

/// Splits a whole NDJSON body into its lines' results (the streaming
/// batch route reads line by line with [`batch_line`]; this is the same
/// rule over a buffer).
///
/// Lines are split on `\n` (a `\r` before it is dropped); a final newline
/// does not start another line. A blank line is a line, answered with
/// `invalid_json`, so that answer line *i* is always input line *i*.
/// Invalid UTF-8 fails only the lines it is on.
pub fn batch_lines(bytes: &[u8]) -> Vec<Result<ArticleInput, ApiError>> {
    if bytes.is_empty() {
        return Vec::new();
    }
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    body.split(|b| *b == b'\n').map(batch_line).collect()
}

/// One NDJSON line (without its `\n`; a `\r` before it is dropped) as an
/// article, or the problem it answers with.
pub fn batch_line(line: &[u8]) -> Result<ArticleInput, ApiError> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let text = utf8(line)?;
    if text.trim().is_empty() {
        return Err(ApiError::InvalidJson(
            "blank line: each line must be one JSON object".into(),
        ));
    }
    article_from_json(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<ArticleInput, ApiError>) -> String {
        match r {
            Ok(_) => "ok".into(),
            Err(ApiError::InvalidRequest { field, .. }) => format!("invalid_request:{field}"),
            Err(e) => e.code().into(),
        }
    }

    #[test]
    fn json_shapes() {
        for (json, want) in [
            (r#"{"text": "Rubio met Jaishankar."}"#, "ok"),
            (r#"{"html": "<p>Hi there</p>"}"#, "ok"),
            (
                r#"{"text": "x", "url": null, "published": null, "options": null}"#,
                "ok",
            ),
            (r#"{"text": "x", "published": "2025-10-25"}"#, "ok"),
            (
                r#"{"text": "x", "published": "2025-10-25T10:00:00Z"}"#,
                "ok",
            ),
            (
                r#"{"text": "x", "options": {"offset_unit": "utf16", "include": []}}"#,
                "ok",
            ),
            (r#"{"text": "x""#, "invalid_json"),
            (r#"not json"#, "invalid_json"),
            (r#""#, "invalid_json"),
            (r#"[1, 2]"#, "invalid_request:"),
            (r#"{}"#, "invalid_request:text"),
            (r#"{"text": "a", "html": "b"}"#, "invalid_request:html"),
            (r#"{"text": 3}"#, "invalid_request:text"),
            (r#"{"text": "x", "extra": 1}"#, "invalid_request:extra"),
            (
                r#"{"text": "x", "published": "25/10/2025"}"#,
                "invalid_request:published",
            ),
            (
                r#"{"text": "x", "published": 20251025}"#,
                "invalid_request:published",
            ),
            (r#"{"text": "x", "url": 1}"#, "invalid_request:url"),
            (r#"{"text": "x", "options": []}"#, "invalid_request:options"),
            (
                r#"{"text": "x", "options": {"offset_unit": "bytes"}}"#,
                "invalid_request:options.offset_unit",
            ),
            (
                r#"{"text": "x", "options": {"include": "entities"}}"#,
                "invalid_request:options.include",
            ),
            (
                r#"{"text": "x", "options": {"include": ["entities", "people"]}}"#,
                "invalid_request:options.include[1]",
            ),
            (
                r#"{"text": "x", "options": {"colour": 1}}"#,
                "invalid_request:options.colour",
            ),
            (r#"{"text": "  \n\t "}"#, "empty_article"),
            (r#"{"html": ""}"#, "empty_article"),
        ] {
            assert_eq!(code(article_from_json(json)), want, "{json}");
        }
    }

    #[test]
    fn json_options_reach_the_input() {
        let a = article_from_json(
            r#"{"text": "x", "url": "https://example.org/a", "published": "2025-10-25",
                "options": {"offset_unit": "utf8", "include": ["quotes", "entities", "quotes"]}}"#,
        )
        .unwrap();
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2025, 10, 25));
        assert_eq!(a.options.offset_unit, OffsetUnit::Utf8);
        assert_eq!(a.options.include, Some(vec![Part::Quotes, Part::Entities]));
    }

    #[test]
    fn json_fields_win_over_query_defaults() {
        let uri: Uri = "/v1/analyze?offset_unit=utf8&include=entities&published=2025-01-02&url=q"
            .parse()
            .unwrap();
        let d = query_defaults(&uri).unwrap();
        let a = article_from_json_over(r#"{"text": "x"}"#, &d).unwrap();
        assert_eq!(a.options.offset_unit, OffsetUnit::Utf8);
        assert_eq!(a.options.include, Some(vec![Part::Entities]));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2025, 1, 2));
        assert_eq!(a.url.as_deref(), Some("q"));
        let b = article_from_json_over(
            r#"{"text": "x", "url": "j", "published": "2025-03-04", "options": {"offset_unit": "utf16"}}"#,
            &d,
        )
        .unwrap();
        assert_eq!(b.options.offset_unit, OffsetUnit::Utf16);
        assert_eq!(
            b.options.include,
            Some(vec![Part::Entities]),
            "not given: the query's"
        );
        assert_eq!(b.published, NaiveDate::from_ymd_opt(2025, 3, 4));
        assert_eq!(b.url.as_deref(), Some("j"));
    }

    #[test]
    fn query_parameters() {
        let body = || Body::Text("Some text.".into());
        for (uri, want) in [
            ("/v1/analyze", "ok"),
            ("/v1/analyze?offset_unit=utf16", "ok"),
            (
                "/v1/analyze?include=entities,quotes&include=relations",
                "ok",
            ),
            ("/v1/analyze?include=", "ok"),
            (
                "/v1/analyze?published=2025-10-25&url=https%3A%2F%2Fx.org",
                "ok",
            ),
            (
                "/v1/analyze?offset_unit=bytes",
                "invalid_request:offset_unit",
            ),
            ("/v1/analyze?include=people", "invalid_request:include"),
            (
                "/v1/analyze?published=yesterday",
                "invalid_request:published",
            ),
            ("/v1/analyze?foo=1", "invalid_request:foo"),
        ] {
            let uri: Uri = uri.parse().unwrap();
            assert_eq!(code(article_from_query(body(), &uri)), want, "{uri}");
        }
        let uri: Uri = "/v1/analyze?include=entities,quotes&include=relations&offset_unit=utf16"
            .parse()
            .unwrap();
        let a = article_from_query(body(), &uri).unwrap();
        assert_eq!(
            a.options.include,
            Some(vec![Part::Entities, Part::Quotes, Part::Relations])
        );
        assert_eq!(a.options.offset_unit, OffsetUnit::Utf16);
        let uri: Uri = "/v1/analyze?include=".parse().unwrap();
        assert_eq!(
            article_from_query(body(), &uri).unwrap().options.include,
            Some(vec![])
        );
    }

    #[test]
    fn batch_lines_keep_their_places() {
        for (body, want) in [
            (&b""[..], vec![]),
            (b"\n", vec!["invalid_json"]),
            (b"{\"text\":\"a\"}", vec!["ok"]),
            (b"{\"text\":\"a\"}\n", vec!["ok"]),
            (b"{\"text\":\"a\"}\r\n{\"text\":\"b\"}\r\n", vec!["ok", "ok"]),
            (
                b"{\"text\":\"a\"}\n\n{oops\n{\"text\":\"\xff\"}\n{\"text\":\" \"}\n{\"html\":\"<p>b</p>\"}",
                vec!["ok", "invalid_json", "invalid_json", "invalid_utf8", "empty_article", "ok"],
            ),
        ] {
            let got: Vec<String> = batch_lines(body).into_iter().map(code).collect();
            assert_eq!(got, want, "{:?}", String::from_utf8_lossy(body));
            assert_eq!(batch_line_count(body), want.len(), "counted as split");
        }
        assert_eq!(batch_line_count(&[b'\n'; 1000]), 1000);
        assert_eq!(batch_line_count(b"a\n\nb"), 3);
        assert_eq!(batch_line_count(b""), 0);
    }

    /// A body's buffer is charged as bytes arrive (never from the declared
    /// length), refused past the budget, and given back once read.
    #[tokio::test]
    async fn bodies_are_charged_as_their_bytes_arrive() {
        /// A body sent in chunks of the given sizes.
        struct Chunks(std::collections::VecDeque<usize>);
        impl HttpBody for Chunks {
            type Data = Bytes;
            type Error = std::io::Error;
            fn poll_frame(
                mut self: std::pin::Pin<&mut Self>,
                _cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>>
            {
                let next = self.0.pop_front();
                std::task::Poll::Ready(
                    next.map(|n| Ok(http_body::Frame::data(vec![b'a'; n].into()))),
                )
            }
        }
        let chunks = |sizes: &[usize]| HttpBodyStream::new(Chunks(sizes.iter().copied().collect()));
        let mut declared = HeaderMap::new();
        declared.insert(header::CONTENT_LENGTH, (1u32 << 20).into());
        let budget = BodyBudget::new(100_000);
        let t = Duration::from_secs(5);
        // Three chunks: the buffer doubles from 16 KiB, exactly as needed.
        let got = read_body(
            &declared,
            chunks(&[10_000, 10_000, 20_000]),
            1 << 20,
            t,
            &budget,
        )
        .await
        .unwrap();
        assert_eq!(got.len(), 40_000);
        assert_eq!(budget.in_use(), 0, "given back once read");
        // A body whose buffer would pass the budget: 503, and nothing kept.
        let err = read_body(&declared, chunks(&[60_000, 60_000]), 1 << 20, t, &budget)
            .await
            .unwrap_err();
        assert_eq!((err.code(), err.status().as_u16()), ("overloaded", 503));
        assert_eq!(budget.in_use(), 0);
        // Over the body limit: 413 whatever the budget.
        let err = read_body(
            &HeaderMap::new(),
            chunks(&[30_000, 30_000]),
            50_000,
            t,
            &budget,
        )
        .await
        .unwrap_err();
        assert_eq!(err.code(), "body_too_large");
        // Two bodies share the budget.
        assert!(budget.take(90_000));
        let err = read_body(&HeaderMap::new(), chunks(&[20_000]), 1 << 20, t, &budget)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "overloaded");
    }

    #[test]
    fn media_types() {
        let mt = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::CONTENT_TYPE, v.parse().unwrap());
            MediaType::from_headers(&h).unwrap()
        };
        let m = mt("Text/Plain; Charset=\"UTF-8\"");
        assert_eq!(m.essence, "text/plain");
        assert!(m.charset_ok());
        assert!(!mt("text/plain; charset=iso-8859-1").charset_ok());
        assert!(mt("application/vnd.api+json").is_json());
        assert!(!mt("application/xml").is_json());
    }
}
