//! The worker's side: confine, then answer requests one at a time until stdin closes.

use std::io::Write;

use resvg::tiny_skia::PixmapRef;

use super::protocol::{Answer, MAX_REQUEST_BYTES, Probe, Request, read_frame};
use super::sandbox;
use crate::svg::RenderError;
use crate::svg::outline::{OutlineError, outline_now, render_with_fonts_now};
use crate::svg::render::{caught, render_now};

/// Room for deeply nested (but capped) documents, as the in-process renderer has.
const STACK_BYTES: usize = 64 * 1024 * 1024;

/// Runs a worker on this process's stdin and stdout. Returns when stdin closes (`Ok`), or with
/// the reason the worker cannot go on: the sandbox could not be set up, a malformed request, a
/// broken pipe.
pub fn serve() -> Result<(), String> {
    // A panic is answered as a finding; its message must not reach the parent's terminal.
    std::panic::set_hook(Box::new(|_| {}));
    sandbox::limit_resources().map_err(|error| format!("the limits could not be set: {error}"))?;
    let server = std::thread::Builder::new()
        .name("render-worker".into())
        .stack_size(STACK_BYTES)
        .spawn(|| {
            sandbox::confine()?;
            answer_requests()
        })
        .map_err(|error| format!("the worker thread could not start: {error}"))?;
    server
        .join()
        .unwrap_or_else(|_| Err("the worker failed".into()))
}

fn answer_requests() -> Result<(), String> {
    let mut input = std::io::stdin().lock();
    let mut output = std::io::stdout().lock();
    // One buffer for every answer's frame: a logo's pixels are copied into it once.
    let mut frame = Vec::new();
    loop {
        let payload = match read_frame(&mut input, MAX_REQUEST_BYTES) {
            Ok(Some(payload)) => payload,
            Ok(None) => return Ok(()),
            Err(error) => return Err(format!("a request could not be read: {error}")),
        };
        let request =
            Request::decode(&payload).map_err(|error| format!("a malformed request: {error}"))?;
        drop(payload);
        let png = matches!(request, Request::Render { png: true, .. });
        let answer = answer(request);
        send(&answer, &mut frame, &mut output)?;
        // The PNGs follow the renders: the parent reads the pixels while they are encoded.
        if png && let Answer::Rendered { pixmaps, .. } = &answer {
            let pngs = pixmaps
                .iter()
                .map(|(side, data)| (*side, encode(*side, data)))
                .collect();
            let encoded = Answer::Encoded {
                cpu_millis: cpu_millis(),
                pngs,
            };
            send(&encoded, &mut frame, &mut output)?;
        }
    }
}

fn send(answer: &Answer, frame: &mut Vec<u8>, output: &mut impl Write) -> Result<(), String> {
    answer
        .frame_into(frame)
        .map_err(|error| format!("an answer could not be framed: {error}"))?;
    output
        .write_all(frame)
        .and_then(|()| output.flush())
        .map_err(|error| format!("an answer could not be written: {error}"))
}

/// A render as PNG; empty where it cannot be encoded (the parent then encodes it itself).
fn encode(side: u32, data: &[u8]) -> Vec<u8> {
    std::panic::catch_unwind(|| {
        PixmapRef::from_bytes(data, side, side)
            .and_then(|pixmap| pixmap.encode_png().ok())
            .unwrap_or_default()
    })
    .unwrap_or_default()
}

fn cpu_millis() -> u64 {
    let used = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    (used.tv_sec.max(0) as u64)
        .saturating_mul(1000)
        .saturating_add((used.tv_nsec.max(0) as u64) / 1_000_000)
}

fn answer(request: Request) -> Answer {
    match request {
        Request::Render {
            sizes,
            text,
            fonts,
            png: _,
        } => {
            let rendered = if fonts.is_empty() {
                std::panic::catch_unwind(|| render_now(&text, &sizes)).unwrap_or_else(|_| {
                    Err(RenderError::Invalid(
                        "the renderer failed on it (an internal error)".into(),
                    ))
                })
            } else {
                match caught(|| render_with_fonts_now(&text, &sizes, &fonts)) {
                    Ok(renders) => Ok(renders),
                    Err(OutlineError::Render(error)) => Err(error),
                    Err(other) => return Answer::NotOutlined(other),
                }
            };
            match rendered {
                Ok(renders) => Answer::Rendered {
                    work: renders.work,
                    cpu_millis: cpu_millis(),
                    pixmaps: renders
                        .pixmaps
                        .into_iter()
                        .map(|pixmap| (pixmap.width(), pixmap.take()))
                        .collect(),
                },
                Err(RenderError::Invalid(message)) => Answer::Invalid(message),
                Err(RenderError::TooMuchWork { work, cap }) => Answer::TooMuchWork { work, cap },
                Err(RenderError::Size) => Answer::Size,
                // Not produced on this side: the parent decides these.
                Err(RenderError::TimedOut) | Err(RenderError::Failed(_)) => {
                    Answer::Invalid("the renderer failed on it (an internal error)".into())
                }
            }
        }
        Request::Outline { text, ids, fonts } => {
            match caught(|| outline_now(&text, &ids, &fonts)) {
                Ok(texts) => Answer::Outlined(texts),
                Err(error) => Answer::NotOutlined(error),
            }
        }
        Request::Probe(probe) => run_probe(probe),
    }
}

fn probed<T>(result: std::io::Result<T>) -> Answer {
    match result {
        Ok(_) => Answer::Probed {
            allowed: true,
            detail: String::new(),
        },
        Err(error) => Answer::Probed {
            allowed: false,
            detail: error.to_string(),
        },
    }
}

fn run_probe(probe: Probe) -> Answer {
    match probe {
        Probe::OpenFile => probed(std::fs::File::open("/etc/hostname")),
        Probe::Socket => probed(std::net::TcpListener::bind("127.0.0.1:0")),
        Probe::Exec => probed(std::process::Command::new("/bin/true").status()),
        Probe::Allocate(mib) => {
            let block = vec![1u8; (mib as usize) << 20];
            let touched = block
                .iter()
                .step_by(4096)
                .map(|byte| u64::from(*byte))
                .sum::<u64>();
            Answer::Probed {
                allowed: true,
                detail: format!("{} pages touched", std::hint::black_box(touched)),
            }
        }
        Probe::Abort => std::process::abort(),
        Probe::Spin => {
            let mut counter = 0u64;
            loop {
                counter = std::hint::black_box(counter.wrapping_add(1));
            }
        }
    }
}
