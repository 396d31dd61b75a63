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
                    // Each hop answers in 3 s: six of them take longer than one probe may.
                    path if path.starts_with("/drip/") => {
                        let n: usize = path[6..].parse().unwrap_or(0);
                        std::thread::sleep(Duration::from_secs(3));
                        if n < 5 {
                            ("302 Found", Some(format!("/drip/{}", n + 1)))
                        } else {
                            ("200 OK", None)
                        }
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

/// `check --online` with `env` set: the LINK006/LINK007 findings.
fn online_findings_with(
    dir: &std::path::Path,
    allow_private: bool,
    env: &[(&str, String)],
) -> Vec<(String, String)> {
    let mut command = limited_mdelist();
    command.args([
        "check",
        "--format",
        "json",
        "--today",
        "2026-11-22",
        "--online",
    ]);
    if allow_private {
        command.arg("--online-allow-private");
    }
    let output = command
        .arg(".")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .envs(env.iter().map(|(name, value)| (name, value)))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}{}", stdout(&output), stderr(&output)));
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

fn proxy_environment(port: u16) -> Vec<(&'static str, String)> {
    let proxy = format!("http://127.0.0.1:{port}");
    [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ]
    .into_iter()
    .map(|name| (name, proxy.clone()))
    .collect()
}

#[test]
fn proxies_in_the_environment_are_never_used() {
    let target = serve();
    let proxy = serve();
    let env = proxy_environment(proxy.port);
    // The guard refuses the private target, and nothing reaches the proxy either.
    let dir = landing(&format!("http://127.0.0.1:{}/ok", target.port));
    assert_eq!(
        online_findings_with(dir.path(), false, &env),
        [(
            "LINK006".to_string(),
            "landing page is unreachable: its host resolves only to the non-public address \
             127.0.0.1, which is never contacted"
                .to_string()
        )]
    );
    assert_eq!(target.connections.load(Ordering::SeqCst), 0);
    assert_eq!(proxy.connections.load(Ordering::SeqCst), 0);
    // Allowed, the probe connects to the target itself, not to the proxy.
    assert_eq!(online_findings_with(dir.path(), true, &env), []);
    assert!(target.connections.load(Ordering::SeqCst) > 0);
    assert_eq!(proxy.connections.load(Ordering::SeqCst), 0);
    // A failure says the proxy was not used.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let dir = landing(&format!("http://127.0.0.1:{port}/ok"));
    assert_eq!(
        online_findings_with(dir.path(), true, &env),
        [(
            "LINK006".to_string(),
            "landing page is unreachable: the connection was refused; the probe connects \
             directly, never through the proxy the environment names"
                .to_string()
        )]
    );
    assert_eq!(proxy.connections.load(Ordering::SeqCst), 0);
}

#[test]
fn ipv6_forms_that_embed_ipv4_loopback_are_never_contacted() {
    let server = serve();
    for literal in [
        "::127.0.0.1",
        "::ffff:0:7f00:1",
        "64:ff9b:1::7f00:1",
        "64:ff9b::7f00:1",
    ] {
        let address: std::net::Ipv6Addr = literal.parse().unwrap();
        let given = format!("http://[{literal}]:{}/ok", server.port);
        let dir = landing(&given);
        // The message names the address as the URL parser writes it.
        let canonical = format!("http://[{address}]:{}/ok", server.port);
        let at = if canonical == given {
            String::new()
        } else {
            format!(" (at {canonical})")
        };
        assert_eq!(
            online_findings(dir.path(), false),
            [(
                "LINK006".to_string(),
                format!(
                    "landing page is unreachable: its host resolves only to the non-public \
                     address {address}, which is never contacted{at}"
                )
            )],
            "{literal}"
        );
    }
    assert_eq!(server.connections.load(Ordering::SeqCst), 0);
}

#[test]
fn ten_seconds_is_the_budget_of_the_whole_probe_redirects_included() {
    // Six hops of 3 s each: every request alone is well within 10 s, the probe is not.
    let server = serve();
    let dir = landing(&format!("http://127.0.0.1:{}/drip/0", server.port));
    let found = online_findings(dir.path(), true);
    // Requests started at 0, 3, 6 and 9 s; none after the budget ran out. The probe stopped
    // at the hop it was waiting for.
    let requests = server.connections.load(Ordering::SeqCst);
    assert!((1..=4).contains(&requests), "{requests} requests");
    assert_eq!(
        found,
        [(
            "LINK006".to_string(),
            format!(
                "landing page is unreachable: it did not answer within 10 s (at \
                 http://127.0.0.1:{}/drip/{})",
                server.port,
                requests - 1
            )
        )]
    );
}
