//! The frames between the parent and a render worker: small, strict, and length-capped.
//!
//! Every frame is a little-endian `u32` payload length followed by the payload. A request is a
//! kind byte, then for [`Request::Render`] a size count, the sizes (`u32` each) and the SVG text;
//! an answer is a tag byte and its fields. Decoding never trusts a length it has not checked
//! against a cap, refuses trailing bytes, and reports every malformed frame as a
//! [`FrameError`]: never a panic, never an allocation larger than the cap.

use std::io::{self, Read, Write};

/// The largest SVG text a request carries: the logo cap (16 MiB) and a little room.
pub const MAX_TEXT_BYTES: usize = 17 * 1024 * 1024;
/// At most this many sizes per request.
pub const MAX_SIZES: usize = 8;
/// The largest render side a request may ask for.
pub const MAX_SIDE: u32 = 1024;
/// The largest message an answer carries.
pub const MAX_MESSAGE_BYTES: usize = 4096;
/// The largest request frame.
pub const MAX_REQUEST_BYTES: usize = 1 + 1 + MAX_SIZES * 4 + 4 + MAX_TEXT_BYTES;
/// The largest answer frame: every size at the largest side, RGBA.
pub const MAX_ANSWER_BYTES: usize =
    1 + 16 + 1 + MAX_SIZES * (4 + (MAX_SIDE as usize) * (MAX_SIDE as usize) * 4);

/// What the parent asks of a worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Parse `text` and render it at each of `sizes` (square, px).
    Render { sizes: Vec<u32>, text: String },
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The renders, in the order of the request's sizes, as premultiplied RGBA.
    Rendered {
        /// The deterministic work estimate of the document (see `svg::work`).
        work: u64,
        /// Processor time the worker has used so far, in milliseconds.
        cpu_millis: u64,
        pixmaps: Vec<(u32, Vec<u8>)>,
    },
    /// usvg refused the document (its message).
    Invalid(String),
    /// The document has no usable size.
    Size,
    /// The document needs more work than a render may take; not rendered.
    TooMuchWork { work: u64, cap: u64 },
    /// The answer to a [`Probe`]: whether the operation succeeded, and the error if not.
    Probed { allowed: bool, detail: String },
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

const ANSWER_RENDERED: u8 = 1;
const ANSWER_INVALID: u8 = 2;
const ANSWER_SIZE: u8 = 3;
const ANSWER_TOO_MUCH_WORK: u8 = 4;
const ANSWER_PROBED: u8 = 5;

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
            Request::Render { sizes, text } => {
                out.reserve(10 + sizes.len() * 4 + text.len());
                out.push(REQUEST_RENDER);
                out.push(sizes.len().min(usize::from(u8::MAX)) as u8);
                for side in sizes.iter().take(usize::from(u8::MAX)) {
                    push_u32(&mut out, *side);
                }
                push_u32(&mut out, text.len() as u32);
                out.extend_from_slice(text.as_bytes());
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
                Request::Render { sizes, text }
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
        }
    }

    #[test]
    fn requests_round_trip() {
        for request in [
            render(&[64, 128, 256], "<svg/>"),
            render(&[1], ""),
            render(&[MAX_SIDE; MAX_SIZES], "é"),
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
            Answer::Invalid("no root".into()),
            Answer::Size,
            Answer::TooMuchWork { work: 5, cap: 4 },
            Answer::Probed {
                allowed: false,
                detail: "Operation not permitted".into(),
            },
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
        let last = not_utf8.len() - 1;
        not_utf8[last] = 0xFF;
        assert_eq!(Request::decode(&not_utf8), Err(FrameError::NotUtf8));
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
        assert_eq!(
            Answer::decode(&[ANSWER_PROBED, 2, 0, 0, 0, 0]),
            Err(FrameError::UnknownKind(2))
        );
        assert_eq!(Answer::decode(&[ANSWER_SIZE, 0]), Err(FrameError::Trailing));
        assert_eq!(Answer::decode(&[0]), Err(FrameError::UnknownKind(0)));
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
