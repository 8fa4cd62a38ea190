// The lesson's add_slowly: two awaits of the lesson's YieldOnce<u32>.
mod common;
use common::{block_on, yield_once};

async fn add_slowly(a: u32, b: u32) -> u32 {
    let x = yield_once(a).await;
    let y = yield_once(b).await;
    x + y
}

fn main() {
    let fut = add_slowly(2, 3);
    println!("size_of_val(add_slowly) = {}", std::mem::size_of_val(&fut));
    println!("{}", block_on(fut));
}
