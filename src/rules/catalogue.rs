//! The one table of rules, sorted by code within family, in catalogue order.

use super::Rule;
use super::category::CAT001;
use super::consistency::{XL001, XL002, XL003, XL004, XL005, XL006};
use super::description::{DESC001, DESC002, DESC003, DESC004, DESC005, DESC006, DESC007, DESC008};
use super::entra::{ENTRA001, ENTRA002, ENTRA003, ENTRA004};
use super::link::{LINK001, LINK002, LINK003, LINK004, LINK005, LINK006, LINK007, LINK008};
use super::link_hygiene::{LINK009, LINK010, LINK011};
use super::logo::{
    LOGO001, LOGO002, LOGO003, LOGO004, LOGO005, LOGO006, LOGO007, LOGO008, LOGO009, LOGO010,
    LOGO011, LOGO012, LOGO013, LOGO014, LOGO015, LOGO016,
};
use super::manifest::{
    MAN001, MAN002, MAN003, MAN004, MAN005, MAN006, MAN007, MAN008, MAN009, MAN010,
};
use super::name::{NAME001, NAME002, NAME003, NAME004, NAME005, NAME006, NAME007};
use super::onboarding::{ONB001, ONB002};
use super::press::{
    PRESS001, PRESS002, PRESS003, PRESS004, PRESS005, PRESS006, PRESS007, PRESS008, PRESS009,
};
use super::press_unlisted::PRESS010;
use super::product_name::DESC009;
use super::user_agent::{UA001, UA002, UA003, UA004, UA005};

/// The catalogue version this build implements (`rules_version` in `mdelist.toml`).
pub const RULES_VERSION: u32 = 1;

#[rustfmt::skip]
pub static RULES: &[&Rule] = &[
    &MAN001, &MAN002, &MAN003, &MAN004, &MAN005, &MAN006, &MAN007, &MAN008, &MAN009,
    &MAN010,
    &NAME001, &NAME002, &NAME003, &NAME004, &NAME005, &NAME006, &NAME007,
    &DESC001, &DESC002, &DESC003, &DESC004, &DESC005, &DESC006, &DESC007, &DESC008,
    &DESC009,
    &LOGO001, &LOGO002, &LOGO003, &LOGO004, &LOGO005, &LOGO006, &LOGO007, &LOGO008,
    &LOGO009, &LOGO010, &LOGO011, &LOGO012, &LOGO013, &LOGO014, &LOGO015, &LOGO016,
    &LINK001, &LINK002, &LINK003, &LINK004, &LINK005, &LINK006, &LINK007, &LINK008,
    &LINK009, &LINK010, &LINK011,
    &UA001, &UA002, &UA003, &UA004, &UA005,
    &ENTRA001, &ENTRA002, &ENTRA003, &ENTRA004,
    &CAT001,
    &PRESS001, &PRESS002, &PRESS003, &PRESS004, &PRESS005, &PRESS006, &PRESS007, &PRESS008,
    &PRESS009, &PRESS010,
    &ONB001, &ONB002,
    &XL001, &XL002, &XL003, &XL004, &XL005, &XL006,
];

/// A rule by its code, case-insensitively.
pub fn find_rule(code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(code.trim()))
}

/// Codes of catalogue rules_version 1 whose checks this build does not run yet (the online
/// landing-page checks). They are known codes: a
/// suppression or severity override naming one is valid, and simply has nothing to act on.
pub const PENDING_CODES: &[&str] = &[];

/// A catalogue code this build knows but does not check yet, as its static string.
pub fn pending_code(code: &str) -> Option<&'static str> {
    PENDING_CODES
        .iter()
        .copied()
        .find(|pending| pending.eq_ignore_ascii_case(code.trim()))
}
