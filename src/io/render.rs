//! The command line's logo renderer: each render on its own thread with a large stack, given up
//! after [`TIME_BUDGET`].

use std::sync::mpsc;

use crate::svg::render::{RenderError, RenderLogo, Renders, TIME_BUDGET, render_caught};

/// Renders run on their own thread with room for deeply nested (but capped) documents.
const RENDER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Renders on a fresh thread and waits at most [`TIME_BUDGET`] for it.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderThread;

impl RenderLogo for RenderThread {
    fn render(&self, text: &str, sizes: &[u32]) -> Result<Renders, RenderError> {
        let text = text.to_string();
        let sizes = sizes.to_vec();
        let (sender, receiver) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("logo-render".into())
            .stack_size(RENDER_STACK_BYTES)
            .spawn(move || {
                let _ = sender.send(render_caught(&text, &sizes));
            });
        if spawned.is_err() {
            return Err(RenderError::Invalid("could not start the renderer".into()));
        }
        // A render past the budget is left to finish on its own; its result is ignored.
        match receiver.recv_timeout(TIME_BUDGET) {
            Ok(result) => result,
            Err(mpsc::RecvTimeoutError::Timeout) => Err(RenderError::TimedOut),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(RenderError::Invalid(
                "the renderer failed on it (an internal error)".into(),
            )),
        }
    }
}
