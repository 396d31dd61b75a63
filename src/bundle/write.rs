//! Writing a plan: a deterministic zip (fixed timestamps, permissions and compression, no extra
//! fields, entries in plan order), then an atomic replace of the target
//! ([`crate::atomic_file::write_atomically`]).

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::plan::Plan;

/// The zip timestamp of every entry: `SOURCE_DATE_EPOCH` when set (clamped to what zip can
/// hold), else 1980-01-01 00:00:00.
pub fn timestamp(source_date_epoch: Option<&str>) -> Result<DateTime, String> {
    let Some(raw) = source_date_epoch
        .map(str::trim)
        .filter(|raw| !raw.is_empty())
    else {
        return Ok(DateTime::DEFAULT);
    };
    let seconds: i64 = raw
        .parse()
        .map_err(|_| format!("SOURCE_DATE_EPOCH={raw} is not a number of seconds"))?;
    let time = jiff::Timestamp::from_second(seconds)
        .map_err(|_| format!("SOURCE_DATE_EPOCH={raw} is out of range"))?
        .to_zoned(jiff::tz::TimeZone::UTC)
        .datetime();
    // Zip (DOS) timestamps span 1980–2107 with two-second resolution.
    if time.year() < 1980 {
        return Ok(DateTime::DEFAULT);
    }
    let year = time.year().min(2107) as u16;
    DateTime::from_date_and_time(
        year,
        time.month() as u8,
        time.day() as u8,
        time.hour() as u8,
        time.minute() as u8,
        time.second() as u8,
    )
    .map_err(|_| format!("SOURCE_DATE_EPOCH={raw} cannot be stored in a zip archive"))
}

/// The archive's bytes. The same plan and timestamp always give the same bytes.
pub fn archive(plan: &Plan, timestamp: DateTime) -> zip::result::ZipResult<Vec<u8>> {
    let options = SimpleFileOptions::DEFAULT
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(timestamp)
        .unix_permissions(0o644)
        .system(System::Unix);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for entry in &plan.entries {
        writer.start_file(format!("{}/{}", plan.top, entry.name), options)?;
        writer.write_all(&entry.bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_follow_source_date_epoch() {
        assert_eq!(timestamp(None), Ok(DateTime::DEFAULT));
        assert_eq!(timestamp(Some("")), Ok(DateTime::DEFAULT));
        let time = timestamp(Some("1700000000")).unwrap();
        assert_eq!(
            (
                time.year(),
                time.month(),
                time.day(),
                time.hour(),
                time.minute()
            ),
            (2023, 11, 14, 22, 13)
        );
        assert_eq!(timestamp(Some("0")), Ok(DateTime::DEFAULT));
        assert!(timestamp(Some("soon")).is_err());
    }
}
