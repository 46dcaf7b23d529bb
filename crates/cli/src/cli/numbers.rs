//! Whole-number options (`--limit`, `--offset`, `--threads`, `--memory`…):
//! one value parser that names the flag and its range when a value is out
//! of it. The flags using it also set `allow_negative_numbers`, so that
//! `--limit -1` reaches this range check instead of clap's tip to write
//! `-- -1` (which would turn `-1` into the query).

use std::ffi::OsStr;
use std::marker::PhantomData;

use clap::builder::TypedValueParser;
use clap::error::ErrorKind;

/// A whole number from `min` to `max` (inclusive; no upper bound when
/// `max` is `None`), read into `T` (`usize`, `u64`).
#[derive(Debug)]
pub struct WholeNumber<T> {
    min: u64,
    max: Option<u64>,
    into: PhantomData<fn() -> T>,
}

// derived `Clone`/`Copy` would require `T: Clone`; the parser holds no `T`
impl<T> Clone for WholeNumber<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for WholeNumber<T> {}

impl<T> WholeNumber<T> {
    /// A number from `min` to `max`, both included.
    pub const fn between(min: u64, max: u64) -> WholeNumber<T> {
        WholeNumber {
            min,
            max: Some(max),
            into: PhantomData,
        }
    }

    /// A number of at least `min`, up to what `T` holds.
    pub const fn at_least(min: u64) -> WholeNumber<T> {
        WholeNumber {
            min,
            max: None,
            into: PhantomData,
        }
    }

    /// The number `text` stands for, or the sentence saying what was
    /// expected (without the flag's name).
    fn read(&self, text: &str) -> Result<T, String>
    where
        T: TryFrom<u64>,
    {
        let range = match self.max {
            Some(max) => format!("a whole number from {} to {max}", self.min),
            None => format!("a whole number, {} or more", self.min),
        };
        let digits = text.strip_prefix('+').unwrap_or(text);
        let out_of_range = || Err(format!("must be {range}"));
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return match digits.parse::<u64>() {
                Ok(n) if n < self.min || self.max.is_some_and(|max| n > max) => out_of_range(),
                Ok(n) => T::try_from(n).map_err(|_| "is too large".to_string()),
                // only digits, yet more than a u64 holds
                Err(_) if self.max.is_some() => out_of_range(),
                Err(_) => Err("is too large".to_string()),
            };
        }
        if is_negative_whole(text) {
            return out_of_range();
        }
        Err(format!("takes {range}"))
    }
}

/// `-12`: a whole number below zero (as opposed to `-1.5` or `-x`).
fn is_negative_whole(text: &str) -> bool {
    text.strip_prefix('-')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

impl<T> TypedValueParser for WholeNumber<T>
where
    T: TryFrom<u64> + Clone + Send + Sync + 'static,
{
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        self.read(text.trim()).map_err(|expected| {
            let flag = arg
                .and_then(|a| a.get_long())
                .map_or_else(|| "the value".to_string(), |long| format!("--{long}"));
            clap::Error::raw(
                ErrorKind::ValueValidation,
                format!("{flag} {expected}: got `{text}`\n"),
            )
            .with_cmd(cmd)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_messages() {
        let limit = WholeNumber::<usize>::between(0, 1000);
        for (text, expected) in [
            ("0", Ok(0)),
            ("10", Ok(10)),
            ("+10", Ok(10)),
            ("1000", Ok(1000)),
            ("1001", Err("must be a whole number from 0 to 1000")),
            ("-1", Err("must be a whole number from 0 to 1000")),
            (
                "99999999999999999999999",
                Err("must be a whole number from 0 to 1000"),
            ),
            ("-1.5", Err("takes a whole number from 0 to 1000")),
            ("ten", Err("takes a whole number from 0 to 1000")),
            ("", Err("takes a whole number from 0 to 1000")),
            ("1e3", Err("takes a whole number from 0 to 1000")),
        ] {
            assert_eq!(limit.read(text), expected.map_err(String::from), "{text:?}");
        }
        let threads = WholeNumber::<usize>::at_least(1);
        assert_eq!(threads.read("64"), Ok(64));
        assert_eq!(
            threads.read("0"),
            Err("must be a whole number, 1 or more".to_string())
        );
        assert_eq!(
            threads.read("-3"),
            Err("must be a whole number, 1 or more".to_string())
        );
        assert_eq!(
            threads.read("99999999999999999999999"),
            Err("is too large".to_string())
        );
        // fits a u64 but not the target type
        let small = WholeNumber::<u8>::at_least(0);
        assert_eq!(small.read("300"), Err("is too large".to_string()));
    }
}
