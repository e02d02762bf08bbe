//! A sync request's body, read on every core: the envelope once, then each pushed patch
//! parsed and checked on its own. A push of a thousand sheets is megabytes of JSON, and
//! reading it on one thread was a fifth of the server's work on it.

use serde::Deserialize;
use serde_json::value::RawValue;
use vero_domain::sync::{PushedPatch, Rejection, SyncRequest};

use super::rules;
use crate::error::{parse_json_as_axum, Failure};
use crate::par;

/// `SyncRequest` with its patches left as JSON text (borrowed from the body).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<'a> {
    device: String,
    #[serde(default, deserialize_with = "vero_domain::whole::u64")]
    since: u64,
    #[serde(default, borrow)]
    push: Vec<&'a RawValue>,
    #[serde(default, deserialize_with = "vero_domain::whole::option_u32")]
    limit: Option<u32>,
    #[serde(default)]
    echoes: bool,
}

/// A request read from `body`, with the verdict of `rules::check_patch` on each patch
/// (in order). A body that is not a `SyncRequest` gets axum's Json message, as any
/// other JSON body of the API.
pub fn read(body: &[u8]) -> Result<(SyncRequest, Vec<Result<(), Rejection>>), Failure> {
    let Ok(envelope) = serde_json::from_slice::<Envelope>(body) else {
        return one_by_one(body);
    };
    let read = par::map(&envelope.push, |raw| {
        let patch: PushedPatch = serde_json::from_str(raw.get()).ok()?;
        let checked = rules::check_patch(&patch);
        Some((patch, checked))
    });
    let mut push = Vec::with_capacity(read.len());
    let mut checked = Vec::with_capacity(read.len());
    for entry in read {
        let Some((patch, verdict)) = entry else {
            return one_by_one(body);
        };
        push.push(patch);
        checked.push(verdict);
    }
    let request = SyncRequest {
        device: envelope.device,
        since: envelope.since,
        push,
        limit: envelope.limit,
        echoes: envelope.echoes,
    };
    Ok((request, checked))
}

/// The body read whole, as any other JSON body of the API: axum's Json names what is
/// wrong with it.
fn one_by_one(body: &[u8]) -> Result<(SyncRequest, Vec<Result<(), Rejection>>), Failure> {
    let request: SyncRequest = parse_json_as_axum(body)?;
    let checked = par::map(&request.push, rules::check_patch);
    Ok((request, checked))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What axum's Json makes of a body: the request, or the failure's code and message.
    fn as_axum(body: &str) -> Result<SyncRequest, (&'static str, String)> {
        parse_json_as_axum::<SyncRequest>(body.as_bytes()).map_err(|f| (f.code, f.message))
    }

    #[test]
    fn every_body_is_read_as_axum_reads_it() {
        let patch = r#"{"record":"0190f3a1-2b3c-7fff-bfff-ffffffffffff","seq":3,"at":5,
            "base":{"tablet-1":2},"set":{"context.goal":"\"lasīt \\\"ātri\\\"\"","rating.A1":"9"}}"#;
        let bodies = [
            format!(
                r#"{{"device":"tablet-0001","since":7,"push":[{patch},{patch}],"echoes":true}}"#
            ),
            r#"{"device":"tablet-0001"}"#.to_string(),
            r#"{"device":"tablet-0001","push":[],"limit":3}"#.to_string(),
            // Integers as JSON Schema counts them: whole floats too, fractions not.
            format!(
                r#"{{"device":"tablet-0001","since":7.0,"limit":237.0,"push":[{}]}}"#,
                patch
                    .replace(r#""seq":3"#, r#""seq":3.0"#)
                    .replace(r#"{"tablet-1":2}"#, r#"{"tablet-1":2e0}"#)
            ),
            r#"{"device":"tablet-0001","limit":2.5}"#.to_string(),
            r#"{"device":"tablet-0001","since":1e300}"#.to_string(),
            r#"{"device":"tablet-0001","limit":null}"#.to_string(),
            r#"{"device":"tablet-0001","push":[{"record":"r","seq":1,"at":0,"set":{},"x":1}]}"#
                .to_string(),
            r#"{"device":"tablet-0001","push":[{"record":"r","seq":-1,"at":0,"set":{}}]}"#
                .to_string(),
            r#"{"device":"tablet-0001","push":{}}"#.to_string(),
            r#"{"device":"tablet-0001","colour":"red"}"#.to_string(),
            r#"{"device":"tablet-0001","device":"tablet-0002"}"#.to_string(),
            r#"{"since":1}"#.to_string(),
            r#"{"device":"tablet-0001","push":[1,2]"#.to_string(),
            "[]".to_string(),
            String::new(),
        ];
        for body in &bodies {
            let fast = read(body.as_bytes())
                .map(|(request, _)| request)
                .map_err(|f| (f.code, f.message));
            assert_eq!(fast, as_axum(body), "{body}");
        }
    }

    #[test]
    fn an_integer_written_as_a_whole_float_is_that_integer() {
        let patch = |seq: &str, at: &str, base: &str| {
            format!(
                r#"{{"record":"0190f3a1-2b3c-7fff-bfff-ffffffffffff","seq":{seq},"at":{at},
                "base":{{"tablet-1":{base}}},"set":{{"context.goal":"\"x\""}}}}"#
            )
        };
        let body = |since: &str, limit: &str, patch: String| {
            format!(
                r#"{{"device":"tablet-0001","since":{since},"limit":{limit},"push":[{patch}]}}"#
            )
        };
        let (plain, _) = read(body("7", "237", patch("3", "-5", "2")).as_bytes()).unwrap();
        let whole = body("7.0", "2.37e2", patch("3.0", "-5.0", "2e0"));
        let (read_whole, checked) = read(whole.as_bytes()).unwrap();
        assert_eq!(read_whole, plain);
        assert_eq!(plain.limit, Some(237));
        assert!(checked[0].is_ok());
        for bad in [
            body("7.5", "1", patch("3", "0", "1")),
            body("7", "1", patch("3.5", "0", "1")),
        ] {
            assert_eq!(read(bad.as_bytes()).unwrap_err().code, "bad_json", "{bad}");
        }
    }

    #[test]
    fn each_patch_is_checked_in_order() {
        let good = r#"{"record":"0190f3a1-2b3c-7fff-bfff-ffffffffffff","seq":1,"at":0,"set":{"context.goal":"\"x\""}}"#;
        let bad = r#"{"record":"0190f3a1-2b3c-7fff-bfff-ffffffffffff","seq":2,"at":0,"set":{"rating.A1":"9"}}"#;
        let body = format!(r#"{{"device":"tablet-0001","push":[{good},{bad},{good}]}}"#);
        let (request, checked) = read(body.as_bytes()).unwrap();
        assert_eq!(request.push.len(), 3);
        let verdicts: Vec<bool> = checked.iter().map(Result::is_ok).collect();
        assert_eq!(verdicts, [true, false, true]);
        assert_eq!(checked[1].as_ref().unwrap_err().seq, 2);
    }
}
