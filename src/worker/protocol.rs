//! The frames between the parent and a render worker: small, strict, and length-capped.
//!
//! Every frame is a little-endian `u32` payload length followed by the payload. A request is a
//! kind byte, then for [`Request::Render`] a size count, the sizes (`u32` each), the SVG text
//! and the fonts to draw its text with (none for a check; `mdelist fix --font` sends them);
//! [`Request::Outline`] carries the text, the ids of the text elements to outline and the
//! fonts. An answer is a tag byte and its fields. Decoding never trusts a length it has not checked
//! against a cap, refuses trailing bytes, and reports every malformed frame as a
//! [`FrameError`]: never a panic, never an allocation larger than the cap.

use std::io::{self, Read, Write};
use std::sync::Arc;

use crate::svg::outline::{
    FillPaint, FontFile, MAX_FONT_BYTES, MAX_FONTS, MAX_FONTS_TOTAL_BYTES, OutlineError,
    OutlinePath, OutlinedText, StrokePaint,
};
use crate::svg::render::RenderError;

/// The largest SVG text a request carries: the logo cap (16 MiB) and a little room.
pub const MAX_TEXT_BYTES: usize = 17 * 1024 * 1024;
/// At most this many sizes per request.
pub const MAX_SIZES: usize = 8;
/// The largest render side a request may ask for.
pub const MAX_SIDE: u32 = 1024;
/// The largest message an answer carries.
pub const MAX_MESSAGE_BYTES: usize = 4096;
/// At most this many text elements are outlined per request.
pub const MAX_TEXTS: usize = 1024;
/// The longest id of a text element to outline (the repair gives them short ones).
pub const MAX_ID_BYTES: usize = 64;
/// At most this many paths per outlined text (one per span and decoration in usvg).
pub const MAX_PATHS: usize = 4096;
/// The longest path data of one outlined path.
pub const MAX_PATH_DATA_BYTES: usize = 8 * 1024 * 1024;
/// At most this many dashes in a stroke.
pub const MAX_DASHES: usize = 1024;
/// At most this many font families named in a refusal.
pub const MAX_FAMILIES: usize = 64;
/// The longest font family name in a refusal.
pub const MAX_FAMILY_BYTES: usize = 256;
/// The largest request frame: a render with the largest text and the most font bytes.
pub const MAX_REQUEST_BYTES: usize =
    1 + 1 + MAX_SIZES * 4 + 4 + MAX_TEXT_BYTES + 1 + MAX_FONTS * 4 + MAX_FONTS_TOTAL_BYTES;
/// The largest answer frame: every size at the largest side, as RGBA or as the longest PNGs.
pub const MAX_ANSWER_BYTES: usize = {
    let rendered = 1 + 16 + 1 + MAX_SIZES * (4 + (MAX_SIDE as usize) * (MAX_SIDE as usize) * 4);
    let encoded = 1 + 8 + 1 + MAX_SIZES * (8 + max_png_bytes(MAX_SIDE));
    if rendered > encoded {
        rendered
    } else {
        encoded
    }
};

/// The longest PNG of a render `side` px square: more than its pixels with their filter bytes,
/// so that an encoder's worst case on noise still fits.
pub const fn max_png_bytes(side: u32) -> usize {
    let raw = (side as usize) * ((side as usize) * 4 + 1);
    raw + raw / 64 + 4096
}

/// What the parent asks of a worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Parse `text` and render it at each of `sizes` (square, px), drawing its live text with
    /// `fonts` (none: no text is drawn); with `png`, each render encoded as PNG too.
    Render {
        sizes: Vec<u32>,
        text: String,
        fonts: Vec<FontFile>,
        png: bool,
    },
    /// Parse `text` with `fonts` and outline its text elements with these `ids`.
    Outline {
        text: String,
        ids: Vec<String>,
        fonts: Vec<FontFile>,
    },
    /// Report what the confinement allows, without touching any logo: the parent's tests use
    /// it to prove that the filter and the limits are in force in a real worker.
    Probe(Probe),
}

/// The confinement checks a worker can be asked to run on itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// Try to open `/etc/hostname` for reading; answers whether it opened.
    OpenFile,
    /// Try to create a TCP socket.
    Socket,
    /// Try to start `/bin/true`.
    Exec,
    /// Allocate and touch this many MiB.
    Allocate(u32),
    /// Abort the process.
    Abort,
    /// Spin on the processor until stopped.
    Spin,
}

/// A worker's answer to one request.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The renders, in the order of the request's sizes, as premultiplied RGBA.
    Rendered {
        /// The deterministic work estimate of the document (see `svg::work`).
        work: u64,
        /// Processor time the worker has used so far, in milliseconds.
        cpu_millis: u64,
        pixmaps: Vec<(u32, Vec<u8>)>,
    },
    /// After [`Answer::Rendered`], when the request asked for PNGs: each render as PNG, with
    /// its side, in the same order (an empty PNG where that one could not be encoded).
    Encoded {
        /// Processor time the worker has used so far, in milliseconds.
        cpu_millis: u64,
        pngs: Vec<(u32, Vec<u8>)>,
    },
    /// usvg refused the document (its message).
    Invalid(String),
    /// The document has no usable size.
    Size,
    /// The document needs more work than a render may take; not rendered.
    TooMuchWork { work: u64, cap: u64 },
    /// The answer to a [`Probe`]: whether the operation succeeded, and the error if not.
    Probed { allowed: bool, detail: String },
    /// The outlined text elements, in the order of the request's ids (an id no text node has
    /// is left out).
    Outlined(Vec<OutlinedText>),
    /// The text could not be outlined, or the fonts not loaded (never
    /// [`OutlineError::Render`], which the answers above carry).
    NotOutlined(OutlineError),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FrameError {
    #[error("the frame ends early")]
    Truncated,
    #[error("the frame is {0} bytes, over the cap")]
    TooLong(u64),
    #[error("bytes follow the end of the frame's content")]
    Trailing,
    #[error("unknown kind {0}")]
    UnknownKind(u8),
    #[error("a size of {0} px is out of range")]
    BadSize(u32),
    #[error("{0} sizes is out of range")]
    BadCount(usize),
    #[error("the text is not UTF-8")]
    NotUtf8,
    #[error("a pixmap's length does not match its size")]
    BadPixmap,
    #[error("a character code {0:#x} is not a character")]
    BadChar(u32),
}

/// Reads one frame's payload, refusing a length over `cap` before allocating. `Ok(None)` at a
/// clean end of stream (no byte of a new frame).
pub fn read_frame(reader: &mut impl Read, cap: usize) -> io::Result<Option<Vec<u8>>> {
    let mut length = [0u8; 4];
    let mut filled = 0;
    while filled < length.len() {
        match reader.read(&mut length[filled..]) {
            Ok(0) if filled == 0 => return Ok(None),
            Ok(0) => return Err(invalid(FrameError::Truncated)),
            Ok(read) => filled += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    let length = u32::from_le_bytes(length) as usize;
    if length > cap {
        return Err(invalid(FrameError::TooLong(length as u64)));
    }
    let mut payload = vec![0u8; length];
    reader
        .read_exact(&mut payload)
        .map_err(|error| match error.kind() {
            io::ErrorKind::UnexpectedEof => invalid(FrameError::Truncated),
            _ => error,
        })?;
    Ok(Some(payload))
}

/// Writes one frame: the payload's length, then the payload.
pub fn write_frame(writer: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    let length = u32::try_from(payload.len())
        .map_err(|_| invalid(FrameError::TooLong(payload.len() as u64)))?;
    writer.write_all(&length.to_le_bytes())?;
    writer.write_all(payload)?;
    writer.flush()
}

fn invalid(error: FrameError) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, error)
}

const REQUEST_RENDER: u8 = 1;
const REQUEST_PROBE: u8 = 2;
const REQUEST_OUTLINE: u8 = 3;

const ANSWER_RENDERED: u8 = 1;
const ANSWER_INVALID: u8 = 2;
const ANSWER_SIZE: u8 = 3;
const ANSWER_TOO_MUCH_WORK: u8 = 4;
const ANSWER_PROBED: u8 = 5;
const ANSWER_OUTLINED: u8 = 6;
const ANSWER_NOT_A_FONT: u8 = 7;
const ANSWER_FAMILY_NOT_PROVIDED: u8 = 8;
const ANSWER_MISSING_GLYPH: u8 = 9;
const ANSWER_UNSUPPORTED: u8 = 10;
const ANSWER_ENCODED: u8 = 11;

/// A reader over a payload that fails, never panics, past its end.
struct Fields<'a> {
    rest: &'a [u8],
}

impl<'a> Fields<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], FrameError> {
        if count > self.rest.len() {
            return Err(FrameError::Truncated);
        }
        let (head, tail) = self.rest.split_at(count);
        self.rest = tail;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, FrameError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, FrameError> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn u64(&mut self) -> Result<u64, FrameError> {
        let low = u64::from(self.u32()?);
        let high = u64::from(self.u32()?);
        Ok(low | (high << 32))
    }

    /// A `u32`-length-prefixed UTF-8 string of at most `cap` bytes.
    fn text(&mut self, cap: usize) -> Result<&'a str, FrameError> {
        let length = self.u32()? as usize;
        if length > cap {
            return Err(FrameError::TooLong(length as u64));
        }
        std::str::from_utf8(self.take(length)?).map_err(|_| FrameError::NotUtf8)
    }

    fn f32(&mut self) -> Result<f32, FrameError> {
        Ok(f32::from_bits(self.u32()?))
    }

    fn flag(&mut self) -> Result<bool, FrameError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(FrameError::UnknownKind(other)),
        }
    }

    /// A `u32` count of at most `cap`.
    fn count(&mut self, cap: usize) -> Result<usize, FrameError> {
        let count = self.u32()? as usize;
        if count > cap {
            return Err(FrameError::BadCount(count));
        }
        Ok(count)
    }

    fn strings(&mut self, count_cap: usize, cap: usize) -> Result<Vec<String>, FrameError> {
        let count = self.count(count_cap)?;
        (0..count)
            .map(|_| self.text(cap).map(str::to_string))
            .collect()
    }

    /// The fonts of a request: a count byte, then each font's length and bytes, within the caps.
    fn fonts(&mut self) -> Result<Vec<FontFile>, FrameError> {
        let count = usize::from(self.u8()?);
        if count > MAX_FONTS {
            return Err(FrameError::BadCount(count));
        }
        let mut total = 0usize;
        let mut fonts = Vec::with_capacity(count);
        for _ in 0..count {
            let length = self.u32()? as usize;
            total = total.saturating_add(length);
            if length > MAX_FONT_BYTES || total > MAX_FONTS_TOTAL_BYTES {
                return Err(FrameError::TooLong(length as u64));
            }
            fonts.push(Arc::new(self.take(length)?.to_vec()));
        }
        Ok(fonts)
    }

    fn finish(self) -> Result<(), FrameError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(FrameError::Trailing)
        }
    }
}

fn push_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn push_u64(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// Strings longer than the cap are cut at a character boundary, so every encoded frame decodes.
fn push_text(out: &mut Vec<u8>, text: &str, cap: usize) {
    let mut end = text.len().min(cap);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    push_u32(out, end as u32);
    out.extend_from_slice(&text.as_bytes()[..end]);
}

fn push_f32(out: &mut Vec<u8>, value: f32) {
    push_u32(out, value.to_bits());
}

/// At most `cap` items of a list, after their `u32` count.
fn push_count(out: &mut Vec<u8>, count: usize, cap: usize) -> usize {
    let count = count.min(cap);
    push_u32(out, count as u32);
    count
}

fn push_strings(out: &mut Vec<u8>, strings: &[String], count_cap: usize, cap: usize) {
    let count = push_count(out, strings.len(), count_cap);
    for string in &strings[..count] {
        push_text(out, string, cap);
    }
}

fn push_fonts(out: &mut Vec<u8>, fonts: &[FontFile]) {
    out.push(fonts.len().min(usize::from(u8::MAX)) as u8);
    for font in fonts.iter().take(usize::from(u8::MAX)) {
        push_u32(out, font.len() as u32);
        out.extend_from_slice(font);
    }
}

fn push_outlined(out: &mut Vec<u8>, texts: &[OutlinedText]) {
    let count = push_count(out, texts.len(), MAX_TEXTS);
    for text in &texts[..count] {
        push_text(out, &text.id, MAX_ID_BYTES);
        let paths = push_count(out, text.paths.len(), MAX_PATHS);
        for path in &text.paths[..paths] {
            push_text(out, &path.d, MAX_PATH_DATA_BYTES);
            match &path.fill {
                None => out.push(0),
                Some(fill) => {
                    out.push(1);
                    out.extend_from_slice(&fill.color);
                    push_f32(out, fill.opacity);
                    out.push(u8::from(fill.even_odd));
                }
            }
            match &path.stroke {
                None => out.push(0),
                Some(stroke) => {
                    out.push(1);
                    out.extend_from_slice(&stroke.color);
                    push_f32(out, stroke.opacity);
                    push_f32(out, stroke.width);
                    out.push(stroke.cap);
                    out.push(stroke.join);
                    push_f32(out, stroke.miter_limit);
                    let dashes = push_count(out, stroke.dashes.len(), MAX_DASHES);
                    for dash in &stroke.dashes[..dashes] {
                        push_f32(out, *dash);
                    }
                    push_f32(out, stroke.dash_offset);
                }
            }
            out.push(u8::from(path.stroke_first));
        }
    }
}

fn outlined(fields: &mut Fields) -> Result<Vec<OutlinedText>, FrameError> {
    let count = fields.count(MAX_TEXTS)?;
    let mut texts = Vec::with_capacity(count);
    for _ in 0..count {
        let id = fields.text(MAX_ID_BYTES)?.to_string();
        let path_count = fields.count(MAX_PATHS)?;
        let mut paths = Vec::with_capacity(path_count.min(64));
        for _ in 0..path_count {
            let d = fields.text(MAX_PATH_DATA_BYTES)?.to_string();
            let color = |fields: &mut Fields| -> Result<[u8; 3], FrameError> {
                Ok([fields.u8()?, fields.u8()?, fields.u8()?])
            };
            let fill = if fields.flag()? {
                Some(FillPaint {
                    color: color(fields)?,
                    opacity: fields.f32()?,
                    even_odd: fields.flag()?,
                })
            } else {
                None
            };
            let stroke = if fields.flag()? {
                let color = color(fields)?;
                let opacity = fields.f32()?;
                let width = fields.f32()?;
                let cap = fields.u8()?;
                let join = fields.u8()?;
                if cap > 2 || join > 3 {
                    return Err(FrameError::UnknownKind(cap.max(join)));
                }
                let miter_limit = fields.f32()?;
                let dash_count = fields.count(MAX_DASHES)?;
                let dashes = (0..dash_count)
                    .map(|_| fields.f32())
                    .collect::<Result<Vec<f32>, FrameError>>()?;
                Some(StrokePaint {
                    color,
                    opacity,
                    width,
                    cap,
                    join,
                    miter_limit,
                    dashes,
                    dash_offset: fields.f32()?,
                })
            } else {
                None
            };
            let stroke_first = fields.flag()?;
            paths.push(OutlinePath {
                d,
                fill,
                stroke,
                stroke_first,
            });
        }
        texts.push(OutlinedText { id, paths });
    }
    Ok(texts)
}

fn valid_side(side: u32) -> Result<u32, FrameError> {
    if (1..=MAX_SIDE).contains(&side) {
        Ok(side)
    } else {
        Err(FrameError::BadSize(side))
    }
}

impl Probe {
    fn encode(self) -> (u8, u32) {
        match self {
            Probe::OpenFile => (1, 0),
            Probe::Socket => (2, 0),
            Probe::Exec => (3, 0),
            Probe::Allocate(mib) => (4, mib),
            Probe::Abort => (5, 0),
            Probe::Spin => (6, 0),
        }
    }

    fn decode(kind: u8, argument: u32) -> Result<Probe, FrameError> {
        Ok(match (kind, argument) {
            (1, 0) => Probe::OpenFile,
            (2, 0) => Probe::Socket,
            (3, 0) => Probe::Exec,
            (4, mib) => Probe::Allocate(mib),
            (5, 0) => Probe::Abort,
            (6, 0) => Probe::Spin,
            (other, _) => return Err(FrameError::UnknownKind(other)),
        })
    }
}

impl Request {
    /// The payload of this request's frame. Sizes and text beyond the caps are the caller's
    /// error: [`Request::decode`] refuses them.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            Request::Render {
                sizes,
                text,
                fonts,
                png,
            } => {
                let font_bytes: usize = fonts.iter().map(|font| font.len() + 4).sum();
                out.reserve(12 + sizes.len() * 4 + text.len() + font_bytes);
                out.push(REQUEST_RENDER);
                out.push(sizes.len().min(usize::from(u8::MAX)) as u8);
                for side in sizes.iter().take(usize::from(u8::MAX)) {
                    push_u32(&mut out, *side);
                }
                push_u32(&mut out, text.len() as u32);
                out.extend_from_slice(text.as_bytes());
                push_fonts(&mut out, fonts);
                out.push(u8::from(*png));
            }
            Request::Outline { text, ids, fonts } => {
                let font_bytes: usize = fonts.iter().map(|font| font.len() + 4).sum();
                out.reserve(10 + text.len() + font_bytes);
                out.push(REQUEST_OUTLINE);
                push_u32(&mut out, text.len() as u32);
                out.extend_from_slice(text.as_bytes());
                push_strings(&mut out, ids, MAX_TEXTS, MAX_ID_BYTES);
                push_fonts(&mut out, fonts);
            }
            Request::Probe(probe) => {
                let (kind, argument) = probe.encode();
                out.push(REQUEST_PROBE);
                out.push(kind);
                push_u32(&mut out, argument);
            }
        }
        out
    }

    pub fn decode(payload: &[u8]) -> Result<Request, FrameError> {
        let mut fields = Fields { rest: payload };
        let request = match fields.u8()? {
            REQUEST_RENDER => {
                let count = usize::from(fields.u8()?);
                if count == 0 || count > MAX_SIZES {
                    return Err(FrameError::BadCount(count));
                }
                let sizes = (0..count)
                    .map(|_| fields.u32().and_then(valid_side))
                    .collect::<Result<Vec<u32>, FrameError>>()?;
                let text = fields.text(MAX_TEXT_BYTES)?.to_string();
                let fonts = fields.fonts()?;
                let png = fields.flag()?;
                Request::Render {
                    sizes,
                    text,
                    fonts,
                    png,
                }
            }
            REQUEST_OUTLINE => {
                let text = fields.text(MAX_TEXT_BYTES)?.to_string();
                let ids = fields.strings(MAX_TEXTS, MAX_ID_BYTES)?;
                let fonts = fields.fonts()?;
                Request::Outline { text, ids, fonts }
            }
            REQUEST_PROBE => {
                let kind = fields.u8()?;
                let argument = fields.u32()?;
                Request::Probe(Probe::decode(kind, argument)?)
            }
            other => return Err(FrameError::UnknownKind(other)),
        };
        fields.finish()?;
        Ok(request)
    }
}

impl Answer {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_into(&mut out);
        out
    }

    /// Writes the whole frame (length, then the answer) into `out`, emptied first: a worker
    /// reuses one buffer from answer to answer instead of allocating a fresh one per logo.
    pub fn frame_into(&self, out: &mut Vec<u8>) -> io::Result<()> {
        out.clear();
        out.extend_from_slice(&[0; 4]);
        self.encode_into(out);
        let length = u32::try_from(out.len() - 4)
            .map_err(|_| invalid(FrameError::TooLong((out.len() - 4) as u64)))?;
        out[..4].copy_from_slice(&length.to_le_bytes());
        Ok(())
    }

    fn encode_into(&self, out: &mut Vec<u8>) {
        match self {
            Answer::Rendered {
                work,
                cpu_millis,
                pixmaps,
            } => {
                let bytes: usize = pixmaps.iter().map(|(_, data)| data.len() + 4).sum();
                out.reserve(18 + bytes);
                out.push(ANSWER_RENDERED);
                push_u64(out, *work);
                push_u64(out, *cpu_millis);
                out.push(pixmaps.len().min(usize::from(u8::MAX)) as u8);
                for (side, data) in pixmaps.iter().take(usize::from(u8::MAX)) {
                    push_u32(out, *side);
                    out.extend_from_slice(data);
                }
            }
            Answer::Encoded { cpu_millis, pngs } => {
                let bytes: usize = pngs.iter().map(|(_, png)| png.len() + 8).sum();
                out.reserve(10 + bytes);
                out.push(ANSWER_ENCODED);
                push_u64(out, *cpu_millis);
                out.push(pngs.len().min(usize::from(u8::MAX)) as u8);
                for (side, png) in pngs.iter().take(usize::from(u8::MAX)) {
                    push_u32(out, *side);
                    push_u32(out, png.len() as u32);
                    out.extend_from_slice(png);
                }
            }
            Answer::Invalid(message) => {
                out.push(ANSWER_INVALID);
                push_text(out, message, MAX_MESSAGE_BYTES);
            }
            Answer::Size => out.push(ANSWER_SIZE),
            Answer::TooMuchWork { work, cap } => {
                out.push(ANSWER_TOO_MUCH_WORK);
                push_u64(out, *work);
                push_u64(out, *cap);
            }
            Answer::Probed { allowed, detail } => {
                out.push(ANSWER_PROBED);
                out.push(u8::from(*allowed));
                push_text(out, detail, MAX_MESSAGE_BYTES);
            }
            Answer::Outlined(texts) => {
                out.push(ANSWER_OUTLINED);
                push_outlined(out, texts);
            }
            Answer::NotOutlined(error) => match error {
                OutlineError::NotAFont { index } => {
                    out.push(ANSWER_NOT_A_FONT);
                    push_u32(out, (*index).min(u32::MAX as usize) as u32);
                }
                OutlineError::FamilyNotProvided {
                    text,
                    asked,
                    provided,
                } => {
                    out.push(ANSWER_FAMILY_NOT_PROVIDED);
                    push_text(out, text, MAX_MESSAGE_BYTES);
                    push_strings(out, asked, MAX_FAMILIES, MAX_FAMILY_BYTES);
                    push_strings(out, provided, MAX_FAMILIES, MAX_FAMILY_BYTES);
                }
                OutlineError::MissingGlyph {
                    text,
                    character,
                    family,
                } => {
                    out.push(ANSWER_MISSING_GLYPH);
                    push_text(out, text, MAX_MESSAGE_BYTES);
                    push_u32(out, u32::from(*character));
                    push_text(out, family, MAX_FAMILY_BYTES);
                }
                OutlineError::Unsupported { text, reason } => {
                    out.push(ANSWER_UNSUPPORTED);
                    push_text(out, text, MAX_MESSAGE_BYTES);
                    push_text(out, reason, MAX_MESSAGE_BYTES);
                }
                OutlineError::Render(error) => {
                    let answer = match error {
                        RenderError::Size => Answer::Size,
                        RenderError::TooMuchWork { work, cap } => Answer::TooMuchWork {
                            work: *work,
                            cap: *cap,
                        },
                        RenderError::Invalid(message) => Answer::Invalid(message.clone()),
                        RenderError::TimedOut | RenderError::Failed(_) => {
                            Answer::Invalid("the renderer failed on it (an internal error)".into())
                        }
                    };
                    answer.encode_into(out);
                }
            },
        }
    }

    pub fn decode(payload: &[u8]) -> Result<Answer, FrameError> {
        let mut fields = Fields { rest: payload };
        let answer = match fields.u8()? {
            ANSWER_RENDERED => {
                let work = fields.u64()?;
                let cpu_millis = fields.u64()?;
                let count = usize::from(fields.u8()?);
                if count > MAX_SIZES {
                    return Err(FrameError::BadCount(count));
                }
                let mut pixmaps = Vec::with_capacity(count);
                for _ in 0..count {
                    let side = valid_side(fields.u32()?)?;
                    let length = (side as usize) * (side as usize) * 4;
                    let data = fields.take(length).map_err(|_| FrameError::BadPixmap)?;
                    pixmaps.push((side, data.to_vec()));
                }
                Answer::Rendered {
                    work,
                    cpu_millis,
                    pixmaps,
                }
            }
            ANSWER_ENCODED => {
                let cpu_millis = fields.u64()?;
                let count = usize::from(fields.u8()?);
                if count > MAX_SIZES {
                    return Err(FrameError::BadCount(count));
                }
                // Each PNG within the longest its side can take.
                let mut pngs = Vec::with_capacity(count);
                for _ in 0..count {
                    let side = valid_side(fields.u32()?)?;
                    let length = fields.u32()? as usize;
                    if length > max_png_bytes(side) {
                        return Err(FrameError::TooLong(length as u64));
                    }
                    pngs.push((side, fields.take(length)?.to_vec()));
                }
                Answer::Encoded { cpu_millis, pngs }
            }
            ANSWER_INVALID => Answer::Invalid(fields.text(MAX_MESSAGE_BYTES)?.to_string()),
            ANSWER_SIZE => Answer::Size,
            ANSWER_TOO_MUCH_WORK => Answer::TooMuchWork {
                work: fields.u64()?,
                cap: fields.u64()?,
            },
            ANSWER_PROBED => {
                let allowed = match fields.u8()? {
                    0 => false,
                    1 => true,
                    other => return Err(FrameError::UnknownKind(other)),
                };
                let detail = fields.text(MAX_MESSAGE_BYTES)?.to_string();
                Answer::Probed { allowed, detail }
            }
            ANSWER_OUTLINED => Answer::Outlined(outlined(&mut fields)?),
            ANSWER_NOT_A_FONT => Answer::NotOutlined(OutlineError::NotAFont {
                index: fields.u32()? as usize,
            }),
            ANSWER_FAMILY_NOT_PROVIDED => Answer::NotOutlined(OutlineError::FamilyNotProvided {
                text: fields.text(MAX_MESSAGE_BYTES)?.to_string(),
                asked: fields.strings(MAX_FAMILIES, MAX_FAMILY_BYTES)?,
                provided: fields.strings(MAX_FAMILIES, MAX_FAMILY_BYTES)?,
            }),
            ANSWER_MISSING_GLYPH => {
                let text = fields.text(MAX_MESSAGE_BYTES)?.to_string();
                let code = fields.u32()?;
                let character = char::from_u32(code).ok_or(FrameError::BadChar(code))?;
                let family = fields.text(MAX_FAMILY_BYTES)?.to_string();
                Answer::NotOutlined(OutlineError::MissingGlyph {
                    text,
                    character,
                    family,
                })
            }
            ANSWER_UNSUPPORTED => Answer::NotOutlined(OutlineError::Unsupported {
                text: fields.text(MAX_MESSAGE_BYTES)?.to_string(),
                reason: fields.text(MAX_MESSAGE_BYTES)?.to_string(),
            }),
            other => return Err(FrameError::UnknownKind(other)),
        };
        fields.finish()?;
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(sizes: &[u32], text: &str) -> Request {
        Request::Render {
            sizes: sizes.to_vec(),
            text: text.into(),
            fonts: Vec::new(),
            png: false,
        }
    }

    #[test]
    fn requests_round_trip() {
        for request in [
            render(&[64, 128, 256], "<svg/>"),
            render(&[1], ""),
            render(&[MAX_SIDE; MAX_SIZES], "é"),
            Request::Render {
                sizes: vec![64],
                text: "<svg/>".into(),
                fonts: vec![Arc::new(vec![0, 1, 0, 0]), Arc::new(Vec::new())],
                png: true,
            },
            Request::Outline {
                text: "<svg/>".into(),
                ids: vec!["mdelist-text-0".into(), "b".into()],
                fonts: vec![Arc::new(vec![7; 10])],
            },
            Request::Probe(Probe::OpenFile),
            Request::Probe(Probe::Allocate(700)),
            Request::Probe(Probe::Spin),
        ] {
            assert_eq!(Request::decode(&request.encode()), Ok(request));
        }
    }

    #[test]
    fn answers_round_trip() {
        for answer in [
            Answer::Rendered {
                work: u64::MAX,
                cpu_millis: 12,
                pixmaps: vec![(1, vec![1, 2, 3, 4]), (2, vec![9; 16])],
            },
            Answer::Encoded {
                cpu_millis: 13,
                pngs: vec![(1, vec![0x89, b'P', b'N', b'G']), (2, Vec::new())],
            },
            Answer::Encoded {
                cpu_millis: 0,
                pngs: Vec::new(),
            },
            Answer::Invalid("no root".into()),
            Answer::Size,
            Answer::TooMuchWork { work: 5, cap: 4 },
            Answer::Probed {
                allowed: false,
                detail: "Operation not permitted".into(),
            },
            Answer::Outlined(vec![OutlinedText {
                id: "mdelist-text-0".into(),
                paths: vec![
                    OutlinePath {
                        d: "M0 0L1 1Z".into(),
                        fill: Some(FillPaint {
                            color: [0, 120, 212],
                            opacity: 0.5,
                            even_odd: true,
                        }),
                        stroke: Some(StrokePaint {
                            color: [1, 2, 3],
                            opacity: 1.0,
                            width: 2.5,
                            cap: 1,
                            join: 3,
                            miter_limit: 4.0,
                            dashes: vec![1.0, 2.0],
                            dash_offset: 0.5,
                        }),
                        stroke_first: true,
                    },
                    OutlinePath {
                        d: String::new(),
                        fill: None,
                        stroke: None,
                        stroke_first: false,
                    },
                ],
            }]),
            Answer::NotOutlined(OutlineError::NotAFont { index: 1 }),
            Answer::NotOutlined(OutlineError::FamilyNotProvided {
                text: "Tenvik".into(),
                asked: vec!["Segoe UI".into(), "sans-serif".into()],
                provided: vec!["DejaVu Sans".into()],
            }),
            Answer::NotOutlined(OutlineError::MissingGlyph {
                text: "中".into(),
                character: '中',
                family: "DejaVu Sans".into(),
            }),
            Answer::NotOutlined(OutlineError::Unsupported {
                text: "a".into(),
                reason: "b".into(),
            }),
        ] {
            assert_eq!(Answer::decode(&answer.encode()), Ok(answer));
        }
    }

    #[test]
    fn a_reused_frame_buffer_holds_exactly_the_last_answer() {
        let long = Answer::Rendered {
            work: 3,
            cpu_millis: 4,
            pixmaps: vec![(2, vec![7; 16])],
        };
        let short = Answer::Size;
        let mut frame = Vec::new();
        long.frame_into(&mut frame).unwrap();
        let mut expected = (long.encode().len() as u32).to_le_bytes().to_vec();
        expected.extend(long.encode());
        assert_eq!(frame, expected);
        short.frame_into(&mut frame).unwrap();
        assert_eq!(frame, [1, 0, 0, 0, ANSWER_SIZE]);
        let mut read = &frame[..];
        let payload = read_frame(&mut read, MAX_ANSWER_BYTES).unwrap().unwrap();
        assert_eq!(Answer::decode(&payload), Ok(short));
    }

    #[test]
    fn malformed_requests_are_refused() {
        let good = render(&[64], "<svg/>").encode();
        assert_eq!(Request::decode(&[]), Err(FrameError::Truncated));
        assert_eq!(Request::decode(&[9]), Err(FrameError::UnknownKind(9)));
        assert_eq!(
            Request::decode(&good[..good.len() - 1]),
            Err(FrameError::Truncated)
        );
        let mut trailing = good.clone();
        trailing.push(0);
        assert_eq!(Request::decode(&trailing), Err(FrameError::Trailing));
        assert_eq!(
            Request::decode(&render(&[0], "").encode()),
            Err(FrameError::BadSize(0))
        );
        assert_eq!(
            Request::decode(&render(&[MAX_SIDE + 1], "").encode()),
            Err(FrameError::BadSize(MAX_SIDE + 1))
        );
        assert_eq!(
            Request::decode(&render(&[], "").encode()),
            Err(FrameError::BadCount(0))
        );
        assert_eq!(
            Request::decode(&render(&[8; MAX_SIZES + 1], "").encode()),
            Err(FrameError::BadCount(MAX_SIZES + 1))
        );
        let mut not_utf8 = render(&[64], "ab").encode();
        // The text's last byte, before the font count and the PNG flag.
        let last = not_utf8.len() - 3;
        not_utf8[last] = 0xFF;
        assert_eq!(Request::decode(&not_utf8), Err(FrameError::NotUtf8));
        // The PNG flag is 0 or 1.
        let mut flag = render(&[64], "").encode();
        *flag.last_mut().unwrap() = 2;
        assert_eq!(Request::decode(&flag), Err(FrameError::UnknownKind(2)));
        // A text length past the cap is refused before anything is read or allocated.
        let mut huge = vec![REQUEST_RENDER, 1];
        push_u32(&mut huge, 64);
        push_u32(&mut huge, u32::MAX);
        assert_eq!(
            Request::decode(&huge),
            Err(FrameError::TooLong(u64::from(u32::MAX)))
        );
    }

    #[test]
    fn malformed_answers_are_refused() {
        let mut short_pixmap = vec![ANSWER_RENDERED];
        push_u64(&mut short_pixmap, 1);
        push_u64(&mut short_pixmap, 1);
        short_pixmap.push(1);
        push_u32(&mut short_pixmap, 2);
        short_pixmap.extend_from_slice(&[0; 15]);
        assert_eq!(Answer::decode(&short_pixmap), Err(FrameError::BadPixmap));
        // PNGs: each with a side a render may have, within the longest that side allows.
        let encoded = |pngs: &[(u32, &[u8])], count: u8| {
            let mut out = vec![ANSWER_ENCODED];
            push_u64(&mut out, 1);
            out.push(count);
            for (side, png) in pngs {
                push_u32(&mut out, *side);
                push_u32(&mut out, png.len() as u32);
                out.extend_from_slice(png);
            }
            out
        };
        assert!(Answer::decode(&encoded(&[(1, b"x"), (2, b"y")], 2)).is_ok());
        let too_long = vec![0; max_png_bytes(1) + 1];
        assert_eq!(
            Answer::decode(&encoded(&[(1, &too_long), (2, b"y")], 2)),
            Err(FrameError::TooLong(too_long.len() as u64))
        );
        assert_eq!(
            Answer::decode(&encoded(&[(1, b"x")], 2)),
            Err(FrameError::Truncated)
        );
        assert_eq!(
            Answer::decode(&encoded(&[(1, b"x")], 0)),
            Err(FrameError::Trailing)
        );
        assert_eq!(
            Answer::decode(&encoded(&[], MAX_SIZES as u8 + 1)),
            Err(FrameError::BadCount(MAX_SIZES + 1))
        );
        assert!(Answer::decode(&encoded(&[(0, b"x")], 1)).is_err());
        assert!(Answer::decode(&encoded(&[(MAX_SIDE + 1, b"x")], 1)).is_err());
        assert_eq!(
            Answer::decode(&[ANSWER_PROBED, 2, 0, 0, 0, 0]),
            Err(FrameError::UnknownKind(2))
        );
        assert_eq!(Answer::decode(&[ANSWER_SIZE, 0]), Err(FrameError::Trailing));
        assert_eq!(Answer::decode(&[0]), Err(FrameError::UnknownKind(0)));
        let mut not_a_char = vec![ANSWER_MISSING_GLYPH];
        push_text(&mut not_a_char, "x", 8);
        push_u32(&mut not_a_char, 0xD800);
        push_text(&mut not_a_char, "f", 8);
        assert_eq!(
            Answer::decode(&not_a_char),
            Err(FrameError::BadChar(0xD800))
        );
    }

    #[test]
    fn fonts_over_the_caps_are_refused_before_they_are_read() {
        // Without the PNG flag, the font count is the last byte.
        let mut too_many = render(&[64], "").encode();
        too_many.pop();
        let last = too_many.len() - 1;
        too_many[last] = (MAX_FONTS + 1) as u8;
        assert_eq!(
            Request::decode(&too_many),
            Err(FrameError::BadCount(MAX_FONTS + 1))
        );
        // Without the PNG flag, the font count is the last byte.
        let mut too_large = render(&[64], "").encode();
        too_large.pop();
        let last = too_large.len() - 1;
        too_large[last] = 1;
        push_u32(&mut too_large, (MAX_FONT_BYTES + 1) as u32);
        assert_eq!(
            Request::decode(&too_large),
            Err(FrameError::TooLong((MAX_FONT_BYTES + 1) as u64))
        );
        // Two fonts each within the cap of one, together over the total.
        // Without the PNG flag, the font count is the last byte.
        let mut together = render(&[64], "").encode();
        together.pop();
        let last = together.len() - 1;
        together[last] = 2;
        push_u32(&mut together, MAX_FONT_BYTES as u32);
        together.extend(std::iter::repeat_n(0, MAX_FONT_BYTES));
        push_u32(
            &mut together,
            (MAX_FONTS_TOTAL_BYTES - MAX_FONT_BYTES + 1) as u32,
        );
        assert_eq!(
            Request::decode(&together),
            Err(FrameError::TooLong(
                (MAX_FONTS_TOTAL_BYTES - MAX_FONT_BYTES + 1) as u64
            ))
        );
    }

    #[test]
    fn frames_are_capped_before_reading() {
        let mut stream = Vec::new();
        write_frame(&mut stream, b"hello").unwrap();
        let mut reader = stream.as_slice();
        assert_eq!(read_frame(&mut reader, 5).unwrap(), Some(b"hello".to_vec()));
        assert_eq!(read_frame(&mut reader, 5).unwrap(), None);

        let mut reader = stream.as_slice();
        let error = read_frame(&mut reader, 4).unwrap_err();
        assert_eq!(error.to_string(), "the frame is 5 bytes, over the cap");

        let mut reader = &stream[..3];
        let error = read_frame(&mut reader, 5).unwrap_err();
        assert_eq!(error.to_string(), "the frame ends early");
        let mut reader = &stream[..7];
        let error = read_frame(&mut reader, 5).unwrap_err();
        assert_eq!(error.to_string(), "the frame ends early");
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_decode_or_fail_and_decoded_frames_encode_back(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64)
        ) {
            if let Ok(request) = Request::decode(&bytes) {
                proptest::prop_assert_eq!(request.encode(), bytes.clone());
            }
            if let Ok(answer) = Answer::decode(&bytes) {
                proptest::prop_assert_eq!(answer.encode(), bytes.clone());
            }
            let mut reader = bytes.as_slice();
            while let Ok(Some(_)) = read_frame(&mut reader, 16) {}
        }
    }

    #[test]
    fn long_messages_are_cut_on_a_character_boundary() {
        let answer = Answer::Invalid("é".repeat(MAX_MESSAGE_BYTES));
        let Ok(Answer::Invalid(message)) = Answer::decode(&answer.encode()) else {
            panic!("the cut message decodes");
        };
        assert_eq!(message.len(), MAX_MESSAGE_BYTES);
    }
}
