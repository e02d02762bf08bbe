//! Record ids made on the device: UUIDv7, so they sort by creation time and two devices
//! never collide without asking a server.

/// Formats a UUIDv7 from a Unix time in milliseconds and 10 random bytes (the caller
/// supplies randomness: `crypto.getRandomValues` in the browser, the OS on the server).
pub fn uuid_v7(unix_ms: u64, random: [u8; 10]) -> String {
    let mut b = [0u8; 16];
    b[..6].copy_from_slice(&unix_ms.to_be_bytes()[2..]);
    b[6..].copy_from_slice(&random);
    b[6] = 0x70 | (b[6] & 0x0f); // version 7
    b[8] = 0x80 | (b[8] & 0x3f); // RFC 9562 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Whether `id` looks like a UUID (any version), in lower-case hyphenated form.
pub fn is_uuid(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_the_version_variant_and_time_of_a_uuid_v7() {
        let id = uuid_v7(0x0190_f3a1_2b3c, [0xff; 10]);
        assert_eq!(id, "0190f3a1-2b3c-7fff-bfff-ffffffffffff");
        assert!(is_uuid(&id));
        let zero = uuid_v7(0, [0; 10]);
        assert_eq!(zero, "00000000-0000-7000-8000-000000000000");
    }

    #[test]
    fn later_ids_sort_after_earlier_ones() {
        let a = uuid_v7(1_700_000_000_000, [0xff; 10]);
        let b = uuid_v7(1_700_000_000_001, [0x00; 10]);
        assert!(a < b);
    }

    #[test]
    fn rejects_what_is_not_a_uuid() {
        assert!(!is_uuid(""));
        assert!(!is_uuid("0190F3A1-2B3C-7FFF-BFFF-FFFFFFFFFFFF"));
        assert!(!is_uuid("0190f3a1-2b3c-7fff-bfff-fffffffffffg"));
        assert!(!is_uuid("0190f3a12b3c7fffbfffffffffffffff"));
    }
}
