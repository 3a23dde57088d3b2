//! The `x-request-id` a client sends is echoed in the answer and written in
//! every log line of the request, so it is kept only when it is short and
//! plain: 1 to [`MAX_LEN`] visible ASCII characters (`!` to `~`), and only
//! one of them. Any other is dropped, and a fresh id is made in its place.

use axum::extract::Request;
use axum::http::HeaderValue;

/// The longest request id kept.
pub const MAX_LEN: usize = 128;

/// Whether a client's request id is kept as it is.
pub fn acceptable(id: &HeaderValue) -> bool {
    let b = id.as_bytes();
    (1..=MAX_LEN).contains(&b.len()) && b.iter().all(|c| (b'!'..=b'~').contains(c))
}

/// Middleware (before the id is made): drops a client's id that is not
/// [`acceptable`], or that comes more than once.
pub async fn sanitize(mut req: Request) -> Request {
    let headers = req.headers_mut();
    let mut ids = headers.get_all("x-request-id").iter();
    let keep = match (ids.next(), ids.next()) {
        (None, _) => true,
        (Some(id), None) => acceptable(id),
        (Some(_), Some(_)) => false,
    };
    if !keep {
        headers.remove("x-request-id");
    }
    req
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_short_plain_ids_only() {
        let long = "a".repeat(MAX_LEN);
        let too_long = "a".repeat(MAX_LEN + 1);
        for (id, want) in [
            ("abc-123", true),
            ("0f8fad5b-d9cb-469f-a165-70867728950e", true),
            (long.as_str(), true),
            (too_long.as_str(), false),
            ("", false),
            ("two words", false),
            ("tab\there", false),
        ] {
            assert_eq!(
                acceptable(&HeaderValue::from_str(id).unwrap()),
                want,
                "{id:?}"
            );
        }
        assert!(!acceptable(
            &HeaderValue::from_bytes(b"caf\xc3\xa9").unwrap()
        ));
    }
}
