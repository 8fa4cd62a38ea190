// The lesson's fetch_data, with stand-ins for its two sub-futures: build_url
// is a YieldOnce<String>, http_get an async fn that yields once.
mod common;
use common::{block_on, yield_once, YieldOnce};

pub struct Response {
    pub status: u16,
    pub body: String,
}

fn build_url() -> YieldOnce<String> {
    yield_once(String::from("https://example.com/"))
}

async fn http_get(url: String) -> Response {
    yield_once(()).await;
    Response { status: 200, body: format!("contents of {url}") }
}

async fn fetch_data() -> String {
    let url = build_url().await;
    let response = http_get(url).await;
    response.body
}

fn main() {
    let fut = fetch_data();
    println!("size_of_val(fetch_data) = {}", std::mem::size_of_val(&fut));
    println!("{}", block_on(fut));
}
