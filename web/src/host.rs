//! What the module tells the page while it works: that a logo render starts and ends. The page
//! runs the module in a Web Worker and starts its clock on the first call; a render past the
//! budget gets the worker terminated, and the check is run again with the render counted as
//! timed out, so a hostile logo costs one budget and never the page.

#[cfg(target_arch = "wasm32")]
mod imports {
    #[allow(unsafe_code)]
    #[link(wasm_import_module = "mdelist")]
    unsafe extern "C" {
        pub safe fn render_begin();
        pub safe fn render_end();
    }
}

pub fn render_begin() {
    #[cfg(target_arch = "wasm32")]
    imports::render_begin();
}

pub fn render_end() {
    #[cfg(target_arch = "wasm32")]
    imports::render_end();
}
