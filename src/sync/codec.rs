//! Field values as JSON text through the browser's own JSON, so the app carries no
//! second JSON library. It writes the same text as serde_json does for these values
//! (struct fields in order, no spaces); a browser test checks it against the domain's.

use serde::de::DeserializeOwned;
use serde::Serialize;
use vero_domain::sync::fields::Codec;
use wasm_bindgen::JsValue;

pub struct BrowserJson;

impl Codec for BrowserJson {
    fn encode<T: Serialize>(value: &T) -> String {
        let js = value
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .unwrap_or(JsValue::NULL);
        js_sys::JSON::stringify(&js)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| "null".into())
    }

    fn decode<T: DeserializeOwned>(text: &str) -> Result<T, String> {
        let js = js_sys::JSON::parse(text).map_err(|_| format!("not JSON: {text}"))?;
        serde_wasm_bindgen::from_value(js).map_err(|e| e.to_string())
    }
}
