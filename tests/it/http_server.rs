//! The real binary on a loopback port: socket-level behaviour the router
//! tests cannot see — 413 before the body is sent, slow clients, API keys
//! from the environment kept out of the logs, and the SIGTERM drain.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::http_api::SEED;

/// A running `attache serve` on 127.0.0.1 with JSON logs.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    logs: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(args: &[&str], envs: &[(&str, &str)]) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_attache"));
        cmd.args(["serve", "--log-format", "json"]);
        if !args.contains(&"--addr") {
            cmd.args(["--addr", "127.0.0.1:0"]);
        }
        cmd.args(args)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start attache serve");
        let stderr = child.stderr.take().unwrap();
        let logs = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        {
            let logs = logs.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    if let Ok(v) = serde_json::from_str::<Value>(&line)
                        && v["message"] == "listening"
                        && let Some(addr) = v["addr"].as_str()
                    {
                        let _ = tx.send(addr.parse::<SocketAddr>().unwrap());
                    }
                    logs.lock().unwrap().push(line);
                }
            });
        }
        let addr = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server logs its address");
        let server = Self { child, addr, logs };
        // Wait for readiness (resources loaded).
        let deadline = Instant::now() + Duration::from_secs(30);
        while request(
            server.addr,
            b"GET /readyz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
        )
        .0 != 200
        {
            assert!(Instant::now() < deadline, "never ready");
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    pub fn logs(&self) -> Vec<String> {
        self.logs.lock().unwrap().clone()
    }

    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// Waits for the process to exit, at most `limit`.
    fn wait_exit(&mut self, limit: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "did not exit within {limit:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Parses one HTTP/1.1 response: (status, head, body).
fn parse(raw: &[u8]) -> (u16, String, Vec<u8>) {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return (0, String::from_utf8_lossy(raw).into(), Vec::new());
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = &raw[split + 4..];
    let chunked = head.lines().any(|l| {
        l.to_ascii_lowercase()
            .starts_with("transfer-encoding: chunked")
    });
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_vec()
    };
    (status, head, body)
}

/// The payload of a `Transfer-Encoding: chunked` body (a streamed answer).
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&raw[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next()?.trim(), 16).ok())
            .unwrap_or(0);
        raw = &raw[eol + 2..];
        if size == 0 || raw.len() < size {
            break;
        }
        out.extend_from_slice(&raw[..size]);
        raw = raw.get(size + 2..).unwrap_or_default();
    }
    out
}

/// Reads a whole response from a connection the server closes.
fn read_response(stream: &mut TcpStream) -> (u16, String, Vec<u8>) {
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse(&raw)
}

/// Sends one raw request (which should say `Connection: close`).
pub fn request(addr: SocketAddr, raw: &[u8]) -> (u16, String, Vec<u8>) {
    let Ok(mut s) = TcpStream::connect(addr) else {
        return (0, String::new(), Vec::new());
    };
    if s.write_all(raw).is_err() {
        return (0, String::new(), Vec::new());
    }
    read_response(&mut s)
}

fn post_raw(path: &str, content_type: &str, body: &str, extra: &str) -> Vec<u8> {
    format!(
        "POST {path} HTTP/1.1\r\nHost: t\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn get_raw(path: &str, extra: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: t\r\n{extra}Connection: close\r\n\r\n").into_bytes()
}

#[test]
fn serves_analyses_and_refuses_large_bodies_over_a_socket() {
    let mut server = Server::start(&[], &[]);
    let (status, head, body) = request(
        server.addr,
        &get_raw("/healthz", "X-Request-Id: abc-123\r\n"),
    );
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase().contains("x-request-id: abc-123"),
        "{head}"
    );
    assert_eq!(body, br#"{"status":"ok"}"#);

    let (status, _, body) = request(
        server.addr,
        &post_raw("/v1/analyze", "text/plain", SEED, ""),
    );
    assert_eq!(status, 200);
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["schema_version"], "1");

    // Declared over the limit (default 1 MiB): 413 before a byte of body is sent.
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.write_all(
        b"POST /v1/analyze HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 2000000\r\n\r\n",
    )
    .unwrap();
    let (status, _, body) = read_response(&mut s);
    assert_eq!(status, 413);
    let p: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(p["code"], "body_too_large");
    // Chunked, over the limit: refused too, never truncated.
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.write_all(b"POST /v1/analyze HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        .unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    for _ in 0..20 {
        if s.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .is_err()
            || s.write_all(&chunk).is_err()
            || s.write_all(b"\r\n").is_err()
        {
            break;
        }
    }
    let _ = s.write_all(b"0\r\n\r\n");
    let (status, _, _) = read_response(&mut s);
    assert_eq!(status, 413);

    server.terminate();
    assert!(server.wait_exit(Duration::from_secs(15)).success());
    // JSON logs: one object per line, with the request id on the request's lines.
    let logs = server.logs();
    assert!(
        logs.iter()
            .all(|l| serde_json::from_str::<Value>(l).is_ok()),
        "{logs:?}"
    );
    assert!(
        logs.iter().any(|l| l.contains("abc-123")),
        "request id in the logs"
    );
}

#[test]
fn slow_clients_time_out_and_health_keeps_answering() {
    let server = Server::start(
        &["--body-timeout", "1500ms", "--concurrency-limit", "1"],
        &[],
    );
    // Four clients send their headers and a trickle of body, then stall.
    let mut slow: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut s = TcpStream::connect(server.addr).unwrap();
            s.write_all(b"POST /v1/analyze HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\nConnection: close\r\n\r\nRubio met")
                .unwrap();
            s
        })
        .collect();
    // Meanwhile health checks and a real analysis are served.
    for _ in 0..5 {
        assert_eq!(request(server.addr, &get_raw("/healthz", "")).0, 200);
    }
    let (status, _, _) = request(
        server.addr,
        &post_raw("/v1/analyze", "text/plain", SEED, ""),
    );
    assert_eq!(status, 200, "slow clients hold no analysis slot");
    for s in &mut slow {
        let (status, _, body) = read_response(s);
        assert_eq!(status, 408);
        let p: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(p["code"], "body_timeout");
    }
}

#[test]
fn clients_trickling_their_headers_are_cut_off() {
    let server = Server::start(&["--header-timeout", "1s"], &[]);
    let mut slow: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut s = TcpStream::connect(server.addr).unwrap();
            s.write_all(b"POST /v1/analyze HTTP/1.1\r\nHost: t\r\nContent-Ty")
                .unwrap();
            s
        })
        .collect();
    assert_eq!(request(server.addr, &get_raw("/healthz", "")).0, 200);
    for s in &mut slow {
        // The server closes the connection: EOF, not our 20 s read timeout.
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut buf = Vec::new();
        let read = s.read_to_end(&mut buf);
        assert!(read.is_ok(), "connection still open: {read:?}");
    }
    assert_eq!(request(server.addr, &get_raw("/healthz", "")).0, 200);
}

#[test]
fn api_keys_from_the_environment_are_required_and_never_logged() {
    let key = "sekrit-key-5b1e";
    let mut server = Server::start(&[], &[("ATTACHE_API_KEYS", &format!("{key},other-key"))]);
    let auth = format!("Authorization: Bearer {key}\r\n");
    assert_eq!(request(server.addr, &get_raw("/v1/taxonomy", "")).0, 401);
    assert_eq!(
        request(
            server.addr,
            &get_raw("/v1/taxonomy", "Authorization: Bearer sekrit-key-5b1f\r\n")
        )
        .0,
        401
    );
    assert_eq!(request(server.addr, &get_raw("/v1/taxonomy", &auth)).0, 200);
    assert_eq!(
        request(
            server.addr,
            &post_raw("/v1/analyze", "text/plain", SEED, &auth)
        )
        .0,
        200
    );
    for open in ["/healthz", "/readyz", "/metrics"] {
        assert_eq!(request(server.addr, &get_raw(open, "")).0, 200, "{open}");
    }
    server.terminate();
    server.wait_exit(Duration::from_secs(15));
    let logs = server.logs().join("\n");
    assert!(logs.contains("/v1/taxonomy"), "requests are logged");
    assert!(!logs.contains("sekrit"), "a key leaked into the logs");
    assert!(!logs.contains("other-key"), "a key leaked into the logs");
}

#[test]
fn sigterm_drains_in_flight_requests_then_exits() {
    let mut server = Server::start(&["--shutdown-timeout", "20s", "--body-timeout", "30s"], &[]);
    let addr = server.addr;
    // An in-flight request: headers and half the body sent.
    let (first, rest) = SEED.split_at(SEED.len() / 2);
    let mut inflight = TcpStream::connect(addr).unwrap();
    inflight
        .write_all(
            format!(
                "POST /v1/analyze HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
                SEED.len()
            )
            .as_bytes(),
        )
        .unwrap();
    // Make sure the server has accepted it before the signal.
    assert_eq!(request(addr, &get_raw("/healthz", "")).0, 200);
    std::thread::sleep(Duration::from_millis(100));
    server.terminate();
    // New connections are refused once the listener closes.
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(addr).is_ok() {
        assert!(Instant::now() < deadline, "still accepting after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The process waits for the in-flight request…
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "exited with a request in flight"
    );
    // …which completes normally.
    inflight.write_all(rest.as_bytes()).unwrap();
    let (status, _, body) = read_response(&mut inflight);
    assert_eq!(status, 200);
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["schema_version"], "1");
    let status = server.wait_exit(Duration::from_secs(15));
    assert!(status.success(), "{status:?}");
    let logs = server.logs().join("\n");
    assert!(
        logs.contains("draining") && logs.contains("drained"),
        "{logs}"
    );
}

#[test]
fn the_drain_is_bounded_by_the_shutdown_timeout() {
    let mut server = Server::start(
        &["--shutdown-timeout", "500ms", "--body-timeout", "60s"],
        &[],
    );
    let mut stuck = TcpStream::connect(server.addr).unwrap();
    stuck
        .write_all(b"POST /v1/analyze HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nnever finished")
        .unwrap();
    assert_eq!(request(server.addr, &get_raw("/healthz", "")).0, 200);
    server.terminate();
    // Exits although the client never finishes its body.
    let status = server.wait_exit(Duration::from_secs(15));
    assert!(status.success());
    assert!(server.logs().join("\n").contains("shutdown timeout passed"));
}

#[test]
fn json_logs_carry_latency_as_a_number_and_warn_about_an_open_api() {
    let server = Server::start(&["--addr", "0.0.0.0:0"], &[]);
    let loopback = SocketAddr::from(([127, 0, 0, 1], server.addr.port()));
    let (status, _, _) = request(loopback, &get_raw("/healthz", ""));
    assert_eq!(status, 200);
    let deadline = Instant::now() + Duration::from_secs(10);
    let finished = loop {
        let logs = server.logs();
        if let Some(line) = logs.iter().find(|l| {
            l.contains("finished processing request") && l.contains("\"path\":\"/healthz\"")
        }) {
            break line.clone();
        }
        assert!(Instant::now() < deadline, "no response log line: {logs:?}");
        std::thread::sleep(Duration::from_millis(20));
    };
    let v: Value = serde_json::from_str(&finished).unwrap();
    assert!(v["latency_ms"].is_f64(), "{v}");
    assert_eq!(v["status"], 200);
    assert!(v.get("spans").is_none(), "the span once: {v}");
    assert_eq!(v["span"]["path"], "/healthz", "{v}");
    let logs = server.logs();
    assert!(
        logs.iter()
            .any(|l| l.contains("\"level\":\"WARN\"") && l.contains("no API keys")),
        "{logs:?}"
    );

    // On loopback, or with keys, no such warning.
    let quiet = Server::start(&[], &[("ATTACHE_API_KEYS", "k")]);
    assert!(!quiet.logs().iter().any(|l| l.contains("no API keys")));
}

/// A value of `/proc/PID/status` in KiB (`VmRSS`, `VmHWM`: the peak).
#[cfg(target_os = "linux")]
fn vm_kib(pid: u32, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no {key} in /proc/{pid}/status"))
}

/// The value of one unlabelled series in `/metrics`.
fn gauge(addr: SocketAddr, name: &str) -> i64 {
    let (_, _, body) = request(addr, &get_raw("/metrics", ""));
    String::from_utf8_lossy(&body)
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in /metrics"))
}

/// Waits (at most 30 s) until `done` holds.
fn until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "never: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Opens a keep-alive connection that proves it holds a place: it is
/// answered one `/healthz` (200, not the refusal) and then stays idle.
/// `None` when it was refused (a place was still taken by a connection
/// the server had not finished closing).
fn hold_a_place(addr: SocketAddr) -> Option<TcpStream> {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 1024];
    // Read exactly one response: the head, then `content-length` bytes.
    loop {
        let n = s.read(&mut buf).unwrap_or(0);
        if n == 0 {
            return None;
        }
        raw.extend_from_slice(&buf[..n]);
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if raw.len() >= split + 4 + length {
                return (parse(&raw).0 == 200).then_some(s);
            }
        }
    }
}

#[test]
fn connections_over_the_limit_are_answered_503_and_closed() {
    // The held connections idle after one answer: a long header timeout
    // keeps the server from closing them (and freeing a place) while a
    // loaded machine is slow to run the probes below.
    let server = Server::start(&["--max-connections", "3", "--header-timeout", "120s"], &[]);
    // Three served connections hold every place. One may be refused while
    // the readiness probe's connection is still being closed on the
    // server's side; it is replaced until three hold a place, and then no
    // other connection can hold one.
    let mut held = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while held.len() < 3 {
        assert!(Instant::now() < deadline, "never three places held");
        match hold_a_place(server.addr) {
            Some(s) => held.push(s),
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    let (status, head, body) = request(
        server.addr,
        &post_raw("/v1/analyze", "text/plain", SEED, ""),
    );
    assert_eq!(status, 503, "{head}");
    let head = head.to_ascii_lowercase();
    assert!(head.contains("retry-after: 1"), "{head}");
    assert!(
        head.contains("content-type: application/problem+json"),
        "{head}"
    );
    let p: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(p["code"], "overloaded");
    assert!(p["detail"].as_str().unwrap().contains("connection limit"));
    // A refused connection is closed: the server reads no request on it.
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.write_all(&get_raw("/healthz", "")).unwrap();
    assert_eq!(read_response(&mut s).0, 503);
    // Places free up as connections close.
    drop(held);
    until("a place is free again", || {
        request(server.addr, &get_raw("/healthz", "")).0 == 200
    });
    assert!(gauge(server.addr, "attache_http_connections_refused_total") >= 2);
}

/// One client's connection through a SIGTERM: whether it was established,
/// and the answer's status with whether its body was complete.
#[derive(Debug)]
enum Outcome {
    Refused,
    Answered(u16, bool),
}

#[test]
fn sigterm_under_load_answers_every_established_connection() {
    let mut server = Server::start(&["--shutdown-timeout", "60s", "--queue-limit", "200"], &[]);
    let addr = server.addr;
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let answered = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let raw = post_raw("/v1/analyze", "text/plain", SEED, "");
    let clients: Vec<_> = (0..100)
        .map(|_| {
            let (stop, answered, raw) = (stop.clone(), answered.clone(), raw.clone());
            std::thread::spawn(move || {
                let mut outcomes = Vec::new();
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    let Ok(mut s) = TcpStream::connect(addr) else {
                        outcomes.push(Outcome::Refused);
                        break;
                    };
                    let _ = s.write_all(&raw);
                    let (status, head, body) = read_response(&mut s);
                    let declared = head
                        .to_ascii_lowercase()
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:")?.trim().parse().ok());
                    outcomes.push(Outcome::Answered(status, declared == Some(body.len())));
                    answered.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
                outcomes
            })
        })
        .collect();
    // Mid-way: once the load has run a while, 40 more clients connect, 20
    // of them send their request, the others have not yet when the
    // signal comes; the load clients stop starting requests, so up to 140
    // are in flight at the signal, some still in the listener's backlog.
    until("requests answered under load", || {
        answered.load(std::sync::atomic::Ordering::SeqCst) >= 150
    });
    let mut late: Vec<TcpStream> = (0..40).map(|_| TcpStream::connect(addr).unwrap()).collect();
    for s in &mut late[..20] {
        s.write_all(&raw).unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    server.terminate();
    // The other 20 send theirs just after the signal.
    for s in &mut late[20..] {
        s.write_all(&raw).unwrap();
    }
    let mut outcomes: Vec<Outcome> = late
        .iter_mut()
        .map(|s| {
            let (status, head, body) = read_response(s);
            let declared = head
                .to_ascii_lowercase()
                .lines()
                .find_map(|l| l.strip_prefix("content-length:")?.trim().parse().ok());
            Outcome::Answered(status, declared == Some(body.len()))
        })
        .collect();
    outcomes.extend(clients.into_iter().flat_map(|c| c.join().unwrap()));
    let lost: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| !matches!(o, Outcome::Answered(200 | 503, true) | Outcome::Refused))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} got no complete answer: {lost:?}",
        lost.len(),
        outcomes.len()
    );
    assert!(server.wait_exit(Duration::from_secs(60)).success());
    let logs = server.logs().join("\n");
    assert!(logs.contains("drained"), "{logs}");
}

/// Memory stays bounded through the shapes that used to take it: clients
/// that declare 1 MiB bodies and send none, bodies sent and stalled past
/// the body memory, and batches of blank lines.
#[cfg(target_os = "linux")]
#[test]
fn memory_stays_bounded_under_hostile_clients() {
    let server = Server::start(
        &[
            "--body-memory",
            "16MiB",
            "--body-timeout",
            "60s",
            "--header-timeout",
            "60s",
        ],
        &[],
    );
    let pid = server.child.id();
    let idle = vm_kib(pid, "VmRSS");
    // 300 connections declare 1 MiB and send only their headers.
    let declared: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut s = TcpStream::connect(server.addr).unwrap();
            s.write_all(b"POST /v1/analyze HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 1048576\r\n\r\n")
                .unwrap();
            s
        })
        .collect();
    until("300 bodies awaited", || {
        gauge(server.addr, "attache_http_requests_in_flight") >= 301
    });
    assert_eq!(gauge(server.addr, "attache_http_body_bytes_reading"), 0);
    // 40 connections send all but the last byte of 1 MiB: 16 fit in the
    // body memory, the others are answered 503 as they pass it.
    let chunk = vec![b'a'; (1 << 20) - 1];
    let sending: Vec<_> = (0..40)
        .map(|_| {
            let addr = server.addr;
            let chunk = chunk.clone();
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(addr).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
                s.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
                let _ = s.write_all(b"POST /v1/analyze HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 1048576\r\n\r\n");
                let _ = s.write_all(&chunk);
                s
            })
        })
        .collect();
    let mut sending: Vec<TcpStream> = sending.into_iter().map(|t| t.join().unwrap()).collect();
    until("the body memory is spent", || {
        gauge(server.addr, "attache_http_body_bytes_reading") > 15 << 20
    });
    assert!(gauge(server.addr, "attache_http_body_bytes_reading") <= 16 << 20);
    // A batch of 1 MiB of blank lines: one small 413, not a million problems.
    let blank = "\n".repeat(1 << 20);
    let (status, _, body) = request(
        server.addr,
        &post_raw("/v1/analyze/batch", "application/x-ndjson", &blank, ""),
    );
    // With the body memory spent, the batch may be told to retry instead.
    assert!(matches!(status, 413 | 503), "{status}");
    assert!(body.len() < 1024);
    drop(declared);
    // Free the body memory: the stalled senders give up.
    for s in &mut sending {
        let _ = s.shutdown(std::net::Shutdown::Both);
    }
    drop(sending);
    until("the body memory is back", || {
        gauge(server.addr, "attache_http_body_bytes_reading") == 0
    });
    let (status, _, body) = request(
        server.addr,
        &post_raw("/v1/analyze/batch", "application/x-ndjson", &blank, ""),
    );
    assert_eq!(status, 413);
    let p: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(p["code"], "batch_too_large");
    // The most blank lines a batch may have: one problem each, a small answer.
    let (status, _, body) = request(
        server.addr,
        &post_raw(
            "/v1/analyze/batch",
            "application/x-ndjson",
            &"\n".repeat(1000),
            "",
        ),
    );
    assert_eq!(status, 200);
    assert_eq!(body.iter().filter(|b| **b == b'\n').count(), 1000);
    assert!(body.len() < 1 << 20, "{} bytes", body.len());
    assert_eq!(
        request(
            server.addr,
            &post_raw("/v1/analyze", "text/plain", SEED, "")
        )
        .0,
        200
    );
    let peak = vm_kib(pid, "VmHWM");
    eprintln!("RSS idle {} MiB, peak {} MiB", idle >> 10, peak >> 10);
    assert!(peak < 512 << 10, "peak RSS {} MiB", peak >> 10);
    assert!(
        peak - idle < 160 << 10,
        "RSS grew by {} MiB over {} MiB idle",
        (peak - idle) >> 10,
        idle >> 10
    );
}

/// The body limit the hostile-body tests send at: the default 1 MiB in a
/// release build (`cargo test --release hostile_`); 64 KiB in a debug
/// build, where analysis is about twenty times slower. The server runs
/// with that limit, so every body is at its limit either way.
fn hostile_limit() -> usize {
    if cfg!(debug_assertions) {
        64 * 1024
    } else {
        1024 * 1024
    }
}

/// Posts each of `bodies` at the server's body limit, then checks that the
/// process is up (`/healthz`) and a normal article still gets 200; each
/// hostile body gets a result or a client error, never 503 or 500.
fn post_hostile(content_type: &str, bodies: Vec<(&'static str, String)>) {
    let limit = hostile_limit();
    let limit_arg = limit.to_string();
    // A debug build is slow: a budget it can meet on a loaded machine.
    let timeout = if cfg!(debug_assertions) { "60s" } else { "10s" };
    let server = Server::start(
        &[
            "--body-limit",
            &limit_arg,
            "--request-timeout",
            timeout,
            "--body-timeout",
            "60s",
        ],
        &[],
    );
    for (name, body) in bodies {
        assert!(body.len() <= limit, "{name}: {} bytes", body.len());
        let (status, _, answer) = request(
            server.addr,
            &post_raw("/v1/analyze", content_type, &body, ""),
        );
        assert!(
            matches!(status, 200 | 400 | 413 | 422),
            "{name}: {status} {}",
            String::from_utf8_lossy(&answer[..answer.len().min(300)])
        );
        let (health, _, _) = request(server.addr, &get_raw("/healthz", ""));
        assert_eq!(health, 200, "{name}: the process is up");
        let (status, _, _) = request(
            server.addr,
            &post_raw("/v1/analyze", "text/plain", SEED, ""),
        );
        assert_eq!(status, 200, "{name}: a normal article after it");
    }
}

#[test]
fn hostile_text_bodies_at_the_body_limit_leave_the_server_up() {
    post_hostile(
        "text/plain",
        attache::analysis::testing::hostile_texts(hostile_limit()),
    );
}

#[test]
fn hostile_html_bodies_at_the_body_limit_leave_the_server_up() {
    post_hostile(
        "text/html",
        attache::analysis::testing::hostile_html(hostile_limit()),
    );
}

/// `attache analyze` on each hostile text at the body limit: one answer
/// each, exit status 0.
#[test]
fn hostile_text_files_analyse_on_the_command_line() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-hostile");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in attache::analysis::testing::hostile_texts(hostile_limit()) {
        let path = dir.join(format!("{name}.txt"));
        std::fs::write(&path, &text).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_attache"))
            .arg("analyze")
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {:?}", out.status);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["schema_version"], "1", "{name}");
    }
}

#[test]
fn request_heads_over_64_kib_are_refused() {
    let server = Server::start(&[], &[]);
    let head = |n: usize| get_raw("/healthz", &format!("X-Pad: {}\r\n", "a".repeat(n)));
    assert_eq!(request(server.addr, &head(50_000)).0, 200);
    assert_eq!(request(server.addr, &head(70_000)).0, 431);
    assert_eq!(request(server.addr, &get_raw("/healthz", "")).0, 200);
}
