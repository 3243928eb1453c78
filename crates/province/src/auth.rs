//! Secrets: enrolment codes and device tokens. The province keeps only their SHA-256.

use rand::Rng;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

/// Letters and digits that cannot be misread (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A one-time enrolment code, e.g. `K7QM-XR4P-2WTA` (60 bits).
pub fn new_code() -> String {
    let mut rng = OsRng;
    let chars: Vec<char> = (0..12)
        .map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The code as typed, reduced to its letters (case, spaces and dashes do not matter).
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A device token: 256 random bits, hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill(&mut bytes);
    hex::encode(bytes)
}

/// SHA-256, hex.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

pub fn code_hash(code: &str) -> String {
    sha256_hex(normalize_code(code).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_survive_retyping() {
        let c = new_code();
        assert_eq!(c.len(), 14);
        assert_eq!(
            code_hash(&c),
            code_hash(&c.to_lowercase().replace('-', " "))
        );
    }

    #[test]
    fn tokens_are_long_and_distinct() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
