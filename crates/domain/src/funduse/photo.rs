//! Photos as evidence of a check: content-addressed by SHA-256, JPEG or PNG only, at most
//! [`MAX_PHOTO_BYTES`]. The device and the province both call these rules.

use crate::error::{Code, DomainError, DomainResult};
use sha2::{Digest, Sha256};

/// The largest photo accepted (10 MiB).
pub const MAX_PHOTO_BYTES: u64 = 10 * 1024 * 1024;

/// The image types accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageType {
    Jpeg,
    Png,
}

impl ImageType {
    pub fn mime(self) -> &'static str {
        match self {
            ImageType::Jpeg => "image/jpeg",
            ImageType::Png => "image/png",
        }
    }
}

/// The image type from the file's first bytes (magic numbers), if it is one we accept.
pub fn sniff(head: &[u8]) -> Option<ImageType> {
    const PNG: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageType::Jpeg)
    } else if head.starts_with(&PNG) {
        Some(ImageType::Png)
    } else {
        None
    }
}

/// The size limit, for a photo whose total size is `size` bytes.
pub fn check_size(size: u64) -> DomainResult<()> {
    if size == 0 {
        return Err(DomainError::invalid("photos", Code::Required));
    }
    if size > MAX_PHOTO_BYTES {
        return Err(DomainError::invalid("photos", Code::PhotoTooLarge));
    }
    Ok(())
}

/// Check a whole photo (size and type) and return its type.
pub fn check_photo(bytes: &[u8]) -> DomainResult<ImageType> {
    check_size(bytes.len() as u64)?;
    sniff(bytes).ok_or_else(|| DomainError::invalid("photos", Code::PhotoType))
}

/// The content address of a photo: SHA-256 in lower-case hex.
pub fn hash_of(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Is `s` a content address (64 lower-case hex digits)?
pub fn valid_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_and_png_only_within_the_limit() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10];
        assert_eq!(check_photo(&jpeg), Ok(ImageType::Jpeg));
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0];
        assert_eq!(check_photo(&png), Ok(ImageType::Png));
        let gif = b"GIF89a....";
        assert_eq!(check_photo(gif).unwrap_err().code(), Code::PhotoType);
        assert_eq!(check_photo(&[]).unwrap_err().code(), Code::Required);
        assert!(check_size(MAX_PHOTO_BYTES).is_ok());
        assert_eq!(
            check_size(MAX_PHOTO_BYTES + 1).unwrap_err().code(),
            Code::PhotoTooLarge
        );
    }

    #[test]
    fn content_addresses_are_sha256_hex() {
        let h = hash_of(b"abc");
        assert_eq!(
            h,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(valid_hash(&h));
        assert!(!valid_hash(&h.to_uppercase()));
        assert!(!valid_hash(&h[1..]));
    }
}
