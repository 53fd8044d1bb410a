//! The demo's made-up people: what each is issued, how the camera sees the code, and what a
//! Henan checkpoint must decide. Every name and date here is invented.

use healthseal_core::{Basis, Status};
use healthseal_photosim::Condition;

/// Where a credential comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Province {
    /// CN-ZJ: recognised by Henan, green only, at most 48 hours old.
    Zhejiang,
    /// CN-HA: the checkpoint's own province, green and yellow.
    Henan,
    /// CN-GD: issues with a key Henan has never been given.
    Guangdong,
}

impl Province {
    pub fn code(self) -> &'static str {
        match self {
            Self::Zhejiang => "CN-ZJ",
            Self::Henan => "CN-HA",
            Self::Guangdong => "CN-GD",
        }
    }
}

/// What the checkpoint must say about a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Accepted,
    /// Rejected, with this reason code (`Reason::code`).
    Rejected(&'static str),
    /// No QR code in the photo.
    NoCode,
}

/// What happens to a credential after it is issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Twist {
    None,
    /// Henan revokes it before signing its trust list.
    Revoked,
    /// Someone edits the holder's name in a copy (same length, so it still decodes): the
    /// person shown is [`Person::name`], the credential was issued to `issued_to`.
    NameEdited {
        issued_to: &'static str,
    },
}

/// One person, one credential, one photo.
#[derive(Debug, Clone, Copy)]
pub struct Person {
    /// File names: `credentials/<slug>.txt`, `photos/NN-<slug>.jpg`.
    pub slug: &'static str,
    pub name: &'static str,
    pub birth_date: &'static str,
    pub province: Province,
    pub status: Status,
    pub basis: Basis,
    /// Issued this many hours before the demo's clock.
    pub issued_hours_ago: u64,
    pub valid_hours: u64,
    pub twist: Twist,
    pub condition: Condition,
    /// Photo seed: the scene's layout, light and noise.
    pub seed: u64,
    pub expect: Expect,
    /// Why this person is in the demo, for the folder's README.
    pub story: &'static str,
}

const fn person(
    slug: &'static str,
    name: &'static str,
    birth_date: &'static str,
    province: Province,
) -> Person {
    Person {
        slug,
        name,
        birth_date,
        province,
        status: Status::Green,
        basis: Basis::Test,
        issued_hours_ago: 0,
        valid_hours: 72,
        twist: Twist::None,
        condition: Condition::PhoneScreen,
        seed: 0,
        expect: Expect::Accepted,
        story: "",
    }
}

/// Everyone, in the order of the photos.
pub const PEOPLE: [Person; 10] = [
    Person {
        seed: 1,
        story: "green from Zhejiang, which Henan recognises for green: accepted",
        ..person("zhang-san", "张三", "1990-07-01", Province::Zhejiang)
    },
    Person {
        status: Status::Yellow,
        condition: Condition::Paper,
        seed: 2,
        expect: Expect::Rejected("status_not_accepted"),
        story: "yellow from Zhejiang: Henan accepts only green from Zhejiang",
        ..person("ana-lima", "Ana Lima", "1985-03", Province::Zhejiang)
    },
    Person {
        status: Status::Yellow,
        basis: Basis::Contact,
        condition: Condition::Rotated,
        seed: 3,
        story: "yellow from Henan itself, whose own terms accept green and yellow: accepted",
        ..person("wang-wu", "王五", "1978", Province::Henan)
    },
    Person {
        basis: Basis::Vaccination,
        valid_hours: 7 * 24,
        condition: Condition::QuarterTurn,
        seed: 4,
        story: "green from Henan, a card turned a quarter: accepted",
        ..person("sun-li", "Sun Li", "2001-11-30", Province::Henan)
    },
    Person {
        status: Status::Red,
        basis: Basis::Clinical,
        condition: Condition::LowContrast,
        seed: 5,
        expect: Expect::Rejected("status_not_accepted"),
        story: "a genuine red: a valid credential whose status is not accepted, not an error",
        ..person("li-wei", "Li Wei", "1969-02-14", Province::Henan)
    },
    Person {
        issued_hours_ago: 96,
        condition: Condition::Perspective,
        seed: 6,
        expect: Expect::Rejected("expired"),
        story: "green from Henan, issued four days ago for 72 hours: expired",
        ..person("chen-jing", "Chen Jing", "1995-05-20", Province::Henan)
    },
    Person {
        twist: Twist::Revoked,
        condition: Condition::Inverted,
        seed: 7,
        expect: Expect::Rejected("revoked"),
        story: "green from Henan, then revoked by Henan before it signed its trust list",
        ..person("zhao-min", "Zhao Min", "1988-09-09", Province::Henan)
    },
    Person {
        issued_hours_ago: 60,
        condition: Condition::Noise,
        seed: 8,
        expect: Expect::Rejected("too_old"),
        story: "green from Zhejiang, still valid but issued 60 hours ago: Henan takes Zhejiang's at most 48 hours old",
        ..person("zhou-yu", "Zhou Yu", "1999-12", Province::Zhejiang)
    },
    Person {
        condition: Condition::SmallInLarge,
        seed: 9,
        expect: Expect::Rejected("region_not_recognized"),
        story: "green from Guangdong, a province Henan does not recognise",
        ..person("huang-lei", "Huang Lei", "1982-04-03", Province::Guangdong)
    },
    Person {
        twist: Twist::NameEdited { issued_to: "Liu Yang" },
        condition: Condition::Blur,
        seed: 10,
        expect: Expect::Rejected("bad_signature"),
        story: "Liu Yang's green from Zhejiang with the name edited to Liu Fang: the signature no longer holds",
        ..person("liu-fang", "Liu Fang", "1993-08-08", Province::Zhejiang)
    },
];

/// The last photo: a desk with a card and clutter, but no code at all.
pub const NO_CODE_SEED: u64 = 11;

/// The no-code photo's name in file names.
pub const NO_CODE_SLUG: &str = "no-code";
