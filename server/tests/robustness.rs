//! No request, however odd, makes the server answer 5xx or panic.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::TestServer;

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }

    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let len = (self.next() as usize) % (max + 1);
        (0..len).map(|_| self.next() as u8).collect()
    }
}

const PATHS: &[&str] = &[
    "/api/login",
    "/api/logout",
    "/api/me",
    "/api/health",
    "/api/",
    "/api",
    "/api/login/x",
    "/",
    "/index.html",
    "/teacher",
    "/a/b/c",
    "/%00",
    "/..%2f..%2fetc%2fpasswd",
    "/x.wasm",
    "/api/%ff",
    "//api//login",
    "/icons/",
    "/icons/icon-192.png",
];
const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
const TYPES: &[&str] = &[
    "application/json",
    "text/plain",
    "",
    "application/json; charset=utf-8",
    "multipart/form-data",
];
const AUTH: &[&str] = &[
    "",
    "Bearer ",
    "Bearer abc",
    "Basic Zm9vOmJhcg==",
    "Bearer \u{1}",
];
const BODIES: &[&str] = &[
    "",
    "{}",
    "null",
    "[]",
    "{\"username\":\"teacher\",\"password\":\"demo\"}",
    "{\"username\":null,\"password\":\"demo\"}",
    "{\"username\":\"\u{0}\",\"password\":\"x\"}",
    "{\"username\":\"teacher\",\"password\":\"demo\"",
    "\"just a string\"",
    "1e999",
];

#[tokio::test]
async fn a_thousand_odd_requests_get_no_5xx() {
    let server = TestServer::start();
    let mut rng = Lcg(0x5eed);
    for round in 0..1000 {
        let mut request = Request::builder()
            .method(rng.pick(METHODS))
            .uri(rng.pick(PATHS));
        let content_type = rng.pick(TYPES);
        if !content_type.is_empty() {
            request = request.header("content-type", content_type);
        }
        let auth = rng.pick(AUTH);
        if !auth.is_empty() {
            if let Ok(value) = axum::http::HeaderValue::from_str(auth) {
                request = request.header("authorization", value);
            }
        }
        let body = if rng.next().is_multiple_of(3) {
            Body::from(rng.bytes(300))
        } else {
            Body::from(rng.pick(BODIES).to_owned())
        };
        let request = request.body(body).unwrap();
        let description = format!("round {round}: {} {}", request.method(), request.uri());
        let reply = server.send(request).await;
        assert!(
            !reply.status.is_server_error(),
            "{description} -> {} {}",
            reply.status,
            reply.text()
        );
        if reply.status.is_client_error() && !reply.body.is_empty() {
            assert_eq!(
                reply.header("content-type"),
                Some("application/json"),
                "{description}"
            );
        }
    }
}

const SYNC_DEVICES: &[&str] = &[
    "\"tablet-0001\"",
    "\"tablet-0002\"",
    "\"x\"",
    "\"\"",
    "\"dev ice 0001\"",
    "\"ierīce-0001\"",
    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
    "1",
    "null",
    "[]",
];
/// Valid for every number field first, then valid for some, then for none.
const NUMBERS: &[&str] = &[
    "1",
    "2",
    "3",
    "0",
    "-1",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "1e3",
    "1.5",
    "1e400",
    "\"1\"",
    "null",
    "{}",
];
const RECORDS: &[&str] = &[
    "\"0190f3a1-2b3c-7fff-bfff-000000000001\"",
    "\"0190f3a1-2b3c-7fff-bfff-000000000002\"",
    "\"0190F3A1-2B3C-7FFF-BFFF-000000000001\"",
    "\"r1\"",
    "\"\"",
    "7",
    "null",
];
const FIELD_PATHS: &[&str] = &[
    "kind",
    "status",
    "template",
    "notes",
    "counters",
    "next_step",
    "rating.A1",
    "rating.",
    "evidence.E",
    "comment.1",
    "comment.2",
    "comment.a b",
    "reflection",
    "acknowledged_at",
    "opinion",
    "private_note",
    "context.teacher_id",
    "context.priorities",
    "context.nickname",
    "owner",
    "",
];
/// Field values as they appear in the body: mostly JSON text in a string, some not.
const FIELD_VALUES: &[&str] = &[
    r#""\"gossip\"""#,
    r#""\"peer\"""#,
    r#""\"shared\"""#,
    r#""\"published\"""#,
    r#""\"2\"""#,
    r#""3""#,
    r#""7""#,
    r#""-1""#,
    r#""\"nv\"""#,
    r#""null""#,
    r#""{}""#,
    r#""[1,2]""#,
    r#""[\"digital_skills\",\"world_peace\"]""#,
    r#""[{\"minute\":-1,\"text\":1}]""#,
    r#""{\"id\":\"x\",\"version\":-4}""#,
    r#""not json""#,
    r#""1e999""#,
    r#""""#,
    "1",
    "null",
    "{}",
];
/// (path, value) pairs the server takes from a record's owner.
const GOOD_FIELDS: &[(&str, &str)] = &[
    ("context.topic", r#""\"Daļskaitļi\"""#),
    ("rating.A1", r#""3""#),
    ("rating.B2", r#""\"nv\"""#),
    ("status", r#""\"shared\"""#),
    ("kind", r#""\"peer\"""#),
    ("context.teacher_id", r#""\"2\"""#),
    ("opinion", r#""\"x\"""#),
];
const SYNC_KEYS: &[&str] = &["device", "since", "push", "limit", "cursor"];

impl Lcg {
    fn chance(&mut self, in_: u64) -> bool {
        self.next().is_multiple_of(in_)
    }

    /// Usually one of the first `usual` items (valid input), sometimes any: a request
    /// has many values, and most requests should get past the JSON parser.
    fn mostly<'a>(&mut self, items: &[&'a str], usual: usize) -> &'a str {
        if self.chance(12) {
            self.pick(items)
        } else {
            self.pick(&items[..usual])
        }
    }

    fn patch(&mut self, user: usize) -> String {
        let mut fields = Vec::new();
        for _ in 0..(self.next() % 4) {
            let (path, value) = if self.chance(3) {
                (self.pick(FIELD_PATHS), self.pick(FIELD_VALUES))
            } else {
                GOOD_FIELDS[(self.next() as usize) % GOOD_FIELDS.len()]
            };
            fields.push(format!("\"{path}\":{value}"));
        }
        let record = if self.chance(3) {
            self.pick(RECORDS).to_owned()
        } else {
            format!("\"0190f3a1-2b3c-7fff-bfff-{:012x}\"", 100 + user)
        };
        let seq = if self.chance(12) {
            self.pick(NUMBERS).to_owned()
        } else {
            (self.next() % 50 + 1).to_string()
        };
        let mut parts = vec![
            format!("\"record\":{record}"),
            format!("\"seq\":{seq}"),
            format!("\"at\":{}", self.mostly(NUMBERS, 6)),
            format!("\"base\":{{\"tablet-0001\":{}}}", self.mostly(NUMBERS, 3)),
            format!("\"set\":{{{}}}", fields.join(",")),
        ];
        if self.chance(20) {
            parts.push("\"author\":\"1\"".into());
        }
        if self.chance(20) {
            parts.remove((self.next() as usize) % parts.len());
        }
        format!("{{{}}}", parts.join(","))
    }

    /// A sync body from the account numbered `user` (each has its own usual devices,
    /// since a device id belongs to one account).
    fn sync_body(&mut self, user: usize) -> String {
        let mut parts = Vec::new();
        for key in SYNC_KEYS {
            if *key != "device" && self.chance(3) {
                continue;
            }
            let value = match *key {
                "device" if !self.chance(8) => format!("\"tablet-{user}-{}\"", self.next() % 3),
                "device" => self.pick(SYNC_DEVICES).to_owned(),
                "push" => {
                    let patches: Vec<String> =
                        (0..self.next() % 4).map(|_| self.patch(user)).collect();
                    format!("[{}]", patches.join(","))
                }
                "cursor" if !self.chance(10) => continue,
                _ => self.mostly(NUMBERS, 4).to_owned(),
            };
            parts.push(format!("\"{key}\":{value}"));
        }
        let mut body = format!("{{{}}}", parts.join(","));
        if self.chance(20) {
            body.truncate((self.next() as usize) % (body.len() + 1));
        }
        body
    }
}

#[tokio::test]
async fn random_bad_sync_requests_get_no_5xx() {
    let server = TestServer::start();
    let mut tokens = Vec::new();
    for user in ["observer", "teacher", "mentor", "admin"] {
        tokens.push(server.login(user).await);
    }
    tokens.push("wrong".into());
    tokens.push(String::new());
    let mut rng = Lcg(0x5111c);
    let mut answered = [0u16; 600];
    let mut stored = 0;
    for (round, slot) in answered.iter_mut().enumerate() {
        let user = (rng.next() as usize) % tokens.len();
        let token = &tokens[user];
        let body = rng.sync_body(user);
        let mut request = Request::post("/api/sync");
        if !rng.chance(12) {
            request = request.header("content-type", "application/json");
        }
        if !token.is_empty() {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let reply = server
            .send(request.body(Body::from(body.clone())).unwrap())
            .await;
        assert!(
            !reply.status.is_server_error(),
            "round {round}: {body} -> {} {}",
            reply.status,
            reply.text()
        );
        assert_eq!(
            reply.header("content-type"),
            Some("application/json"),
            "round {round}: {body}"
        );
        *slot = reply.status.as_u16();
        if reply.status == 200 && !reply.json()["acked"].as_array().unwrap().is_empty() {
            stored += 1;
        }
    }
    // The generator must reach the sync logic, not only the JSON parser.
    let ok = answered.iter().filter(|s| **s == 200).count();
    assert!(ok > 100, "only {ok} of {} reached sync", answered.len());
    assert!(stored > 10, "only {stored} requests stored a patch");
}
