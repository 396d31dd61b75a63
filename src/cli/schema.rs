use super::{Exit, print};
use crate::manifest::schema::json_schema;

pub fn run() -> anyhow::Result<Exit> {
    print(&schema_text())?;
    Ok(Exit::Clean)
}

pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    text.push('\n');
    text
}
