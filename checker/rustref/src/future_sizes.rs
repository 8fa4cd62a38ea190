// The lesson's exercise 4: no_awaits, one_await, holds_big_data, and a
// trimmed holds_big_data that keeps one byte across the await.
mod common;
use common::{block_on, yield_once};

async fn no_awaits() -> u32 {
    42
}

async fn one_await() -> u32 {
    yield_once(42).await
}

async fn holds_big_data() -> u32 {
    let buf = [0u8; 1024];
    yield_once(0).await;
    buf[0] as u32
}

async fn holds_big_data_trimmed() -> u32 {
    let first = {
        let buf = [0u8; 1024];
        buf[0]
    };
    yield_once(0).await;
    first as u32
}

fn main() {
    let (a, b, c, d) = (no_awaits(), one_await(), holds_big_data(), holds_big_data_trimmed());
    println!("size_of_val(no_awaits) = {}", std::mem::size_of_val(&a));
    println!("size_of_val(one_await) = {}", std::mem::size_of_val(&b));
    println!("size_of_val(holds_big_data) = {}", std::mem::size_of_val(&c));
    println!("size_of_val(holds_big_data_trimmed) = {}", std::mem::size_of_val(&d));
    println!("{} {} {} {}", block_on(a), block_on(b), block_on(c), block_on(d));
}
