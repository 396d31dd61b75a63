//! The one message shape between the page and the module, both ways: a little-endian `u32`
//! length, a JSON header of that many bytes, then the blobs the header refers to by index, each
//! a little-endian `u32` length and its bytes. File contents and archives travel as blobs, so
//! nothing is base64-encoded on the way in or out.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A decoded message: its header and its blobs, in order.
#[derive(Debug)]
pub struct Envelope<H> {
    pub header: H,
    pub blobs: Vec<Vec<u8>>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum EnvelopeError {
    Truncated,
    Header(String),
}

impl std::fmt::Display for EnvelopeError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnvelopeError::Truncated => {
                formatter.write_str("the message from the page is cut short")
            }
            EnvelopeError::Header(message) => {
                write!(
                    formatter,
                    "the message from the page is not understood: {message}"
                )
            }
        }
    }
}

fn take<'a>(bytes: &mut &'a [u8], count: usize) -> Result<&'a [u8], EnvelopeError> {
    if bytes.len() < count {
        return Err(EnvelopeError::Truncated);
    }
    let (head, rest) = bytes.split_at(count);
    *bytes = rest;
    Ok(head)
}

fn take_length(bytes: &mut &[u8]) -> Result<usize, EnvelopeError> {
    let raw = take(bytes, 4)?;
    let mut word = [0u8; 4];
    word.copy_from_slice(raw);
    usize::try_from(u32::from_le_bytes(word)).map_err(|_| EnvelopeError::Truncated)
}

pub fn decode<H: DeserializeOwned>(mut bytes: &[u8]) -> Result<Envelope<H>, EnvelopeError> {
    let header_length = take_length(&mut bytes)?;
    let header = take(&mut bytes, header_length)?;
    let header =
        serde_json::from_slice(header).map_err(|error| EnvelopeError::Header(error.to_string()))?;
    let mut blobs = Vec::new();
    while !bytes.is_empty() {
        let length = take_length(&mut bytes)?;
        blobs.push(take(&mut bytes, length)?.to_vec());
    }
    Ok(Envelope { header, blobs })
}

fn push_length(out: &mut Vec<u8>, length: usize) {
    // Everything the module holds fits in its 32-bit memory.
    let length = u32::try_from(length).unwrap_or(u32::MAX);
    out.extend_from_slice(&length.to_le_bytes());
}

pub fn encode<H: Serialize>(header: &H, blobs: &[Vec<u8>]) -> Vec<u8> {
    let header = serde_json::to_vec(header).unwrap_or_else(|_| b"{}".to_vec());
    let mut out = Vec::with_capacity(
        8 + header.len() + blobs.iter().map(|blob| blob.len() + 4).sum::<usize>(),
    );
    push_length(&mut out, header.len());
    out.extend_from_slice(&header);
    for blob in blobs {
        push_length(&mut out, blob.len());
        out.extend_from_slice(blob);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
    struct Header {
        op: String,
    }

    #[test]
    fn a_message_round_trips_with_its_blobs() {
        let header = Header { op: "check".into() };
        let blobs = vec![b"listing".to_vec(), Vec::new(), vec![0, 255, 1]];
        let bytes = encode(&header, &blobs);
        assert_eq!(&bytes[..4], &14u32.to_le_bytes());
        let decoded: Envelope<Header> = decode(&bytes).unwrap();
        assert_eq!(decoded.header, header);
        assert_eq!(decoded.blobs, blobs);
    }

    #[test]
    fn a_cut_message_is_refused_not_misread() {
        let bytes = encode(&Header { op: "check".into() }, &[vec![1, 2, 3]]);
        let header_end = 4 + 14;
        for cut in (0..bytes.len()).filter(|cut| *cut != header_end) {
            let result = decode::<Header>(&bytes[..cut]);
            assert!(result.is_err(), "cut at {cut} was accepted");
        }
        // Cut right after the header, it is a message without blobs.
        assert!(
            decode::<Header>(&bytes[..header_end])
                .unwrap()
                .blobs
                .is_empty()
        );
        let error = decode::<Header>(&bytes[..2]).unwrap_err();
        assert_eq!(error, EnvelopeError::Truncated);
    }
}
