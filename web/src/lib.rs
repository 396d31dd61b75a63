//! The browser edition of mdelist: the library, compiled to WebAssembly, behind a plain C ABI.
//!
//! Why a C ABI and not `wasm-bindgen`: the page and the module exchange one message each way
//! (files in, the library's own outputs back; see [`envelope`]), so the interface is four
//! exports over one input and one output buffer, read by a loader of a few dozen lines. That
//! keeps the build to `cargo build --target wasm32-unknown-unknown`: no `wasm-bindgen-cli`
//! pinned to the crate's exact version and built on every fresh machine, and no generated
//! script in the page.
//!
//! Everything here is glue. The checks, the JSON report, the human snippets, the preview page,
//! the bundle and the verification are the library's; this crate only maps the dropped files to
//! a package and the results to a message.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod envelope;
mod host;
pub mod run;

use std::cell::RefCell;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Makes room for a message of `length` bytes and returns where the page writes it.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub extern "C" fn mdelist_input(length: usize) -> *mut u8 {
    INPUT.with_borrow_mut(|input| {
        input.clear();
        input.resize(length, 0);
        input.as_mut_ptr()
    })
}

/// Handles the message in the input buffer; returns the length of the answer.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub extern "C" fn mdelist_run() -> usize {
    let request = INPUT.with_borrow_mut(std::mem::take);
    let answer = run::handle(&request);
    let length = answer.len();
    OUTPUT.with_borrow_mut(|output| *output = answer);
    length
}

/// Where the answer of the last [`mdelist_run`] is.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub extern "C" fn mdelist_output() -> *const u8 {
    OUTPUT.with_borrow(|output| output.as_ptr())
}

/// Frees the answer once the page has copied it.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub extern "C" fn mdelist_release() {
    OUTPUT.with_borrow_mut(|output| *output = Vec::new());
}
