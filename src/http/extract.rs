//! Extractors: raw requests become validated [`ArticleInput`]s at the edge.
//!
//! Every failure is an [`ApiError`] (a problem document), never one of
//! axum's plain-text rejections. The body is read whole, up to the limit
//! and within the body timeout, before any analysis slot is taken, so a
//! slow client holds a connection but never an analysis slot.

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

/// Reads a whole body: refuses it whole (413) when the declared length or
/// the bytes received pass `limit`, and answers 408 when the client has
/// not sent it all within `timeout`.
pub async fn read_body(
    headers: &HeaderMap,
    body: HttpBodyStream,
    limit: usize,
    timeout: Duration,
) -> Result<Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ApiError::BodyTooLarge { limit });
    }
    let read = async move {
        let mut body = std::pin::pin!(body);
        let mut buf: Vec<u8> = Vec::with_capacity(declared.map_or(0, |n| n as usize));
        while let Some(frame) = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
            let frame = frame.map_err(|e| ApiError::BodyUnreadable(e.to_string()))?;
            if let Ok(data) = frame.into_data() {
                if buf.len() + data.len() > limit {
                    return Err(ApiError::BodyTooLarge { limit });
                }
                buf.extend_from_slice(&data);
            }
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
fn query_pairs(uri: &Uri) -> Result<Vec<(String, String)>, ApiError> {
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
    let mut d = QueryDefaults::default();
    let mut include: Option<Vec<Part>> = None;
    for (name, value) in query_pairs(uri)? {
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
    let value: Value =
        serde_json::from_str(json).map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    let Value::Object(map) = value else {
        return Err(ApiError::invalid(
            "",
            format!(
                "the body must be a JSON object such as {{\"text\": \"…\"}}, got {}",
                kind_of(&value)
            ),
        ));
    };
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
        let media = MediaType::from_headers(req.headers());
        const EXPECTED: &str = "text/plain, text/html or application/json (UTF-8)";
        let kind = match &media {
            Some(m) if !m.charset_ok() => {
                return Err(ApiError::UnsupportedMediaType {
                    got: Some(format!(
                        "{}; charset={}",
                        m.essence,
                        m.charset.as_deref().unwrap_or("")
                    )),
                    expected: EXPECTED,
                });
            }
            Some(m) if m.essence == "text/plain" => Kind::Text,
            Some(m) if m.essence == "text/html" || m.essence == "application/xhtml+xml" => {
                Kind::Html
            }
            Some(m) if m.is_json() => Kind::Json,
            other => {
                return Err(ApiError::UnsupportedMediaType {
                    got: other.as_ref().map(|m| m.essence.clone()),
                    expected: EXPECTED,
                });
            }
        };
        let encoding = body_encoding(req.headers())?;
        let (parts, body) = req.into_parts();
        let limits = &state.inner.limits;
        let bytes = read_body(&parts.headers, body, limits.body_limit, limits.body_timeout).await?;
        let bytes = decode_body(encoding, bytes, limits.body_limit)?;
        let text = utf8(&bytes)?;
        let input = match kind {
            Kind::Text => article_from_query(Body::Text(text.to_string()), &parts.uri)?,
            Kind::Html => article_from_query(Body::Html(text.to_string()), &parts.uri)?,
            Kind::Json => article_from_json_over(text, &query_defaults(&parts.uri)?)?,
        };
        Ok(Self(input))
    }
}

enum Kind {
    Text,
    Html,
    Json,
}

/// Splits a whole NDJSON body into its lines' results (the streaming
/// batch route reads line by line with [`batch_line`]; this is the same
/// rule over a buffer).
///
/// Lines are split on `\n` (a `\r` before it is dropped); a final newline
/// does not start another line. A blank line is a line, answered with
/// `invalid_json`. Invalid UTF-8 fails only the lines it is on.
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
        }
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
