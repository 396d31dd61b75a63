//! `check --online` against a real HTTP server on 127.0.0.1: statuses, redirect chains, loops,
//! slow answers, and proof that without `--online-allow-private` no connection is ever made.

use crate::support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use support::*;

/// A small HTTP/1.1 server: every connection is counted, then answered by path.
struct Server {
    port: u16,
    connections: Arc<AtomicUsize>,
}

fn serve() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&connections);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    return;
                }
                // Drain the headers.
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|read| read > 2) {
                    line.clear();
                }
                let mut parts = request_line.split_whitespace();
                let method = parts.next().unwrap_or("");
                let path = parts.next().unwrap_or("/");
                let (status, location) = match path {
                    "/ok" | "/datasheet" => ("200 OK", None),
                    "/missing" => ("404 Not Found", None),
                    "/head-refused" if method == "HEAD" => ("405 Method Not Allowed", None),
                    "/head-refused" => ("200 OK", None),
                    "/hop1" => ("302 Found", Some("/hop2".to_string())),
                    "/hop2" => ("301 Moved Permanently", Some("/ok".to_string())),
                    "/loop" => ("302 Found", Some("/loop".to_string())),
                    "/elsewhere" => ("302 Found", Some(format!("http://localhost:{port}/ok"))),
                    path if path.starts_with("/chain/") => {
                        let n: usize = path[7..].parse().unwrap_or(0);
                        ("302 Found", Some(format!("/chain/{}", n + 1)))
                    }
                    "/slow" => {
                        std::thread::sleep(Duration::from_secs(12));
                        ("200 OK", None)
                    }
                    _ => ("404 Not Found", None),
                };
                let location = location
                    .map(|to| format!("Location: {to}\r\n"))
                    .unwrap_or_default();
                let media = match path {
                    "/datasheet" => "application/pdf",
                    _ => "text/html; charset=utf-8",
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\n{location}Content-Type: {media}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            });
        }
    });
    Server { port, connections }
}

fn landing(url: &str) -> tempfile::TempDir {
    listing(&VALID_LISTING.replace("https://www.tenvik.io/sentry/defender", url))
}

/// The LINK006/LINK007 diagnostics of a `check --online` run.
fn online_findings(dir: &std::path::Path, allow_private: bool) -> Vec<(String, String)> {
    let mut extra = vec!["--online"];
    if allow_private {
        extra.push("--online-allow-private");
    }
    let (_, report) = check_json(dir, &extra);
    report["listings"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| matches!(d["code"].as_str(), Some("LINK006" | "LINK007")))
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn statuses_redirects_and_loops() {
    let server = serve();
    let base = format!("http://127.0.0.1:{}", server.port);
    let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("/ok", vec![]),
        ("/head-refused", vec![]),
        ("/hop1", vec![]),
        (
            "/missing",
            vec![(
                "LINK006",
                "landing page is unreachable: it answers HTTP 404".into(),
            )],
        ),
        (
            "/loop",
            vec![(
                "LINK006",
                "landing page is unreachable: its redirects loop".into(),
            )],
        ),
        (
            "/chain/0",
            vec![(
                "LINK006",
                format!(
                    "landing page is unreachable: it redirects more than 5 times (at {base}/chain/6)"
                ),
            )],
        ),
        (
            "/elsewhere",
            vec![(
                "LINK007",
                format!(
                    "landing page redirects to another host: http://localhost:{}/ok",
                    server.port
                ),
            )],
        ),
    ];
    for (path, expected) in cases {
        let dir = landing(&format!("{base}{path}"));
        let found = online_findings(dir.path(), true);
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(c, m)| (c.to_string(), m))
            .collect();
        assert_eq!(found, expected, "{path}");
    }
    assert!(server.connections.load(Ordering::SeqCst) > 0);
}

#[test]
fn a_pdf_behind_a_page_address_is_found_by_its_content_type() {
    let server = serve();
    let base = format!("http://127.0.0.1:{}", server.port);
    let documents = |path: &str| {
        let dir = landing(&format!("{base}{path}"));
        let (_, report) = check_json(dir.path(), &["--online", "--online-allow-private"]);
        report["listings"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "LINK010")
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        documents("/datasheet"),
        [format!(
            "landing page \"{base}/datasheet\" is a PDF document (the server answers with \
             application/pdf), not a web page"
        )]
    );
    assert_eq!(documents("/ok"), Vec::<String>::new());
}

#[test]
fn a_slow_server_times_out_after_ten_seconds() {
    let server = serve();
    let dir = landing(&format!("http://127.0.0.1:{}/slow", server.port));
    let started = std::time::Instant::now();
    let found = online_findings(dir.path(), true);
    assert_eq!(
        found,
        [(
            "LINK006".to_string(),
            "landing page is unreachable: it did not answer within 10 s".to_string()
        )]
    );
    assert!(started.elapsed() < Duration::from_secs(40));
}

#[test]
fn non_public_addresses_are_never_contacted_without_the_flag() {
    let server = serve();
    for url in [
        format!("http://127.0.0.1:{}/ok", server.port),
        format!("http://localhost:{}/ok", server.port),
        format!("http://[::ffff:127.0.0.1]:{}/ok", server.port),
    ] {
        let dir = landing(&url);
        let found = online_findings(dir.path(), false);
        assert_eq!(found.len(), 1, "{url}: {found:?}");
        assert_eq!(found[0].0, "LINK006");
        assert!(
            found[0]
                .1
                .contains("resolves only to the non-public address"),
            "{url}: {}",
            found[0].1
        );
    }
    // A public page that redirects to a private one is stopped at the hop: here the first hop is
    // already private, so nothing at all reached the server.
    assert_eq!(server.connections.load(Ordering::SeqCst), 0);
}

#[test]
fn offline_checks_never_touch_the_network() {
    let server = serve();
    let dir = landing(&format!("http://127.0.0.1:{}/ok", server.port));
    let (_, report) = check_json(dir.path(), &[]);
    let codes = codes(&report);
    assert!(
        !codes
            .iter()
            .any(|code| code == "LINK006" || code == "LINK007"),
        "{codes:?}"
    );
    assert_eq!(server.connections.load(Ordering::SeqCst), 0);
}
