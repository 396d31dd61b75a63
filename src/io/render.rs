//! The command line's logo renderer: on Linux a confined worker process (`crate::worker`);
//! elsewhere, where no worker can be confined, each render on its own thread with a large
//! stack, given up after [`TIME_BUDGET`].

use std::sync::mpsc;

use crate::svg::outline::{
    FontFile, OutlineError, OutlinedText, outline_now, render_with_fonts_now,
};
use crate::svg::render::{RenderError, RenderLogo, Renders, TIME_BUDGET, caught, render_caught};

/// The renderer the adapters use: the shared confined workers where the command line started
/// them (Linux), the render thread otherwise.
pub fn command_line() -> &'static dyn RenderLogo {
    #[cfg(target_os = "linux")]
    if let Some(workers) = crate::worker::shared() {
        return workers;
    }
    &RenderThread
}

/// Renders run on their own thread with room for deeply nested (but capped) documents.
const RENDER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Renders on a fresh thread and waits at most [`TIME_BUDGET`] for it.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderThread;

impl RenderLogo for RenderThread {
    fn render(&self, text: &str, sizes: &[u32]) -> Result<Renders, RenderError> {
        let text = text.to_string();
        let sizes = sizes.to_vec();
        on_thread(move || render_caught(&text, &sizes)).and_then(|rendered| rendered)
    }

    fn render_with_fonts(
        &self,
        text: &str,
        sizes: &[u32],
        fonts: &[FontFile],
    ) -> Result<Renders, OutlineError> {
        let (text, sizes, fonts) = (text.to_string(), sizes.to_vec(), fonts.to_vec());
        on_thread(move || caught(|| render_with_fonts_now(&text, &sizes, &fonts)))
            .map_err(OutlineError::Render)
            .and_then(|rendered| rendered)
    }

    fn outline(
        &self,
        text: &str,
        ids: &[String],
        fonts: &[FontFile],
    ) -> Result<Vec<OutlinedText>, OutlineError> {
        let (text, ids, fonts) = (text.to_string(), ids.to_vec(), fonts.to_vec());
        on_thread(move || caught(|| outline_now(&text, &ids, &fonts)))
            .map_err(OutlineError::Render)
            .and_then(|outlined| outlined)
    }
}

/// Runs `work` on a fresh thread with a large stack, waiting at most [`TIME_BUDGET`].
fn on_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, RenderError> {
    let (sender, receiver) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("logo-render".into())
        .stack_size(RENDER_STACK_BYTES)
        .spawn(move || {
            let _ = sender.send(work());
        });
    if spawned.is_err() {
        return Err(RenderError::Invalid("could not start the renderer".into()));
    }
    // A render past the budget is left to finish on its own; its result is ignored.
    match receiver.recv_timeout(TIME_BUDGET) {
        Ok(result) => Ok(result),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(RenderError::TimedOut),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(RenderError::Invalid(
            "the renderer failed on it (an internal error)".into(),
        )),
    }
}
